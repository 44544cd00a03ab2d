import ExecSidecar
import Foundation
import Testing
import WardenTestSupport

@Suite("Workspace path")
struct WorkspacePathTests {
    @Test("accepts the root and directories below it, canonical")
    func inside() throws {
        let data = try TestDataDirectory()
        defer { data.remove() }
        let root = data.path + "/ws"
        try FileManager.default.createDirectory(atPath: root + "/a/b", withIntermediateDirectories: true)
        #expect(try WorkspacePath.resolve(root, under: root).hasSuffix("/ws"))
        #expect(try WorkspacePath.resolve(root + "/a/./b/../b", under: root).hasSuffix("/ws/a/b"))
    }

    @Test("refuses .. escapes, symlink escapes, sibling prefixes, relative and missing paths")
    func outside() throws {
        let data = try TestDataDirectory()
        defer { data.remove() }
        let root = data.path + "/ws"
        try FileManager.default.createDirectory(atPath: root + "/a", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: data.path + "/ws-other", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: root + "/link", withDestinationPath: data.path)
        for path in [root + "/..", root + "/a/../../ws-other", root + "/link", data.path + "/ws-other", "ws/a", root + "/missing", "/"] {
            #expect(throws: ExecSidecarError.self, "\(path)") { try WorkspacePath.resolve(path, under: root) }
        }
    }
}
