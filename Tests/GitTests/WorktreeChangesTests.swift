import Foundation
import Testing
import WardenCore
import WardenTestSupport

@testable import Git

@Suite("Worktree changes")
struct WorktreeChangesTests {
    @Test("staged files are what the commit stores: changed and untracked files, encoded by .gitattributes, read as blobs")
    func stagedFilesAndBlobs() async throws {
        let fixture = try await GitServerFixture()
        defer { Task { await fixture.tearDown() } }
        let sha = try await fixture.repository.commit(
            on: "main",
            files: ["config.py": "a = 1\nb = 2\nc = 3\n", "keep.txt": "same\n", "gone.txt": "x\n", ".gitignore": "build/\n"]
        )
        let worktree = try await fixture.worktree(project: 1, sha: sha, fetchRefs: [], name: "fix-1")
        #expect(try await worktree.hasChanges() == false)

        try Data("a = 1\nTOKEN = 'x'\nb = 2\nc = 4\n".utf8).write(to: URL(fileURLWithPath: worktree.path + "/config.py"))
        try FileManager.default.removeItem(atPath: worktree.path + "/gone.txt")
        try FileManager.default.createDirectory(atPath: worktree.path + "/new dir", withIntermediateDirectories: true)
        try Data("first\nsecond".utf8).write(to: URL(fileURLWithPath: worktree.path + "/new dir/notes.txt"))
        try Data("wide.txt working-tree-encoding=UTF-16 -diff\n".utf8).write(to: URL(fileURLWithPath: worktree.path + "/.gitattributes"))
        try Data([0xFF, 0xFE] + "hi\n".utf8.flatMap { [$0, 0] }).write(to: URL(fileURLWithPath: worktree.path + "/wide.txt"))
        try FileManager.default.createDirectory(atPath: worktree.path + "/build", withIntermediateDirectories: true)
        try Data("ignored\n".utf8).write(to: URL(fileURLWithPath: worktree.path + "/build/out.txt"))
        #expect(try await worktree.hasChanges())

        try await worktree.stageAll()
        let staged = try await worktree.stagedFiles()
        #expect(staged.map(\.path) == [".gitattributes", "config.py", "new dir/notes.txt", "wide.txt"])
        #expect(staged.allSatisfy { $0.kind == .regular })
        let config = try #require(staged.first { $0.path == "config.py" })
        let previous = try #require(config.previousObject)
        #expect(try await worktree.addedLines(from: previous, to: config.object) == [AddedLine(number: 2, text: "TOKEN = 'x'"), AddedLine(number: 4, text: "c = 4")])
        let wide = try #require(staged.first { $0.path == "wide.txt" })
        #expect(wide.previousObject == nil)
        #expect(try await worktree.blobContent(wide.object) == Array("hi\n".utf8))
        #expect(try await worktree.objectSize(wide.object) == 3)

        let commit = try await worktree.commitStaged(message: "Fix config", authorName: "Warden", authorEmail: "warden@example.com")
        #expect(commit != sha)
        #expect(try await worktree.hasChanges() == false)
        #expect(try await worktree.stagedFiles().isEmpty)
    }

    @Test("a rewritten .git file does not redirect git away from the recorded repository")
    func gitDirectoryIsPinned() async throws {
        let fixture = try await GitServerFixture()
        defer { Task { await fixture.tearDown() } }
        let sha = try await fixture.repository.commit(on: "main", files: ["a.txt": "x\n"])
        let worktree = try await fixture.worktree(project: 1, sha: sha, fetchRefs: [], name: "fix-2")
        try Data("gitdir: /nonexistent/elsewhere\n".utf8).write(to: URL(fileURLWithPath: worktree.path + "/.git"))
        try Data("y\n".utf8).write(to: URL(fileURLWithPath: worktree.path + "/a.txt"))

        try await worktree.stageAll()
        #expect(try await worktree.stagedFiles().map(\.path) == ["a.txt"])
    }

    @Test(
        "raw diff entries that store new content become staged files",
        arguments: [
            (":100644 100644 \(String(repeating: "1", count: 40)) \(String(repeating: "2", count: 40)) M\0a.txt\0",
             [StagedFile(path: "a.txt", kind: .regular, previousObject: String(repeating: "1", count: 40), object: String(repeating: "2", count: 40))]),
            (":000000 100755 \(String(repeating: "0", count: 40)) \(String(repeating: "3", count: 40)) A\0bin/run\0",
             [StagedFile(path: "bin/run", kind: .regular, previousObject: nil, object: String(repeating: "3", count: 40))]),
            (":100644 120000 \(String(repeating: "1", count: 40)) \(String(repeating: "4", count: 40)) T\0link\0",
             [StagedFile(path: "link", kind: .symbolicLink, previousObject: nil, object: String(repeating: "4", count: 40))]),
            (":000000 160000 \(String(repeating: "0", count: 40)) \(String(repeating: "5", count: 40)) A\0sub\0",
             [StagedFile(path: "sub", kind: .submodule, previousObject: nil, object: String(repeating: "5", count: 40))]),
            (":100644 000000 \(String(repeating: "1", count: 40)) \(String(repeating: "0", count: 40)) D\0gone\0", []),
            (":100644 100755 \(String(repeating: "1", count: 40)) \(String(repeating: "1", count: 40)) M\0mode-only\0", []),
        ]
    )
    func parsesRawDiff(raw: String, expected: [StagedFile]) {
        #expect(Worktree.stagedFiles(inRawDiff: Array(raw.utf8)) == expected)
    }

    @Test(
        "hunk headers number the added lines",
        arguments: [
            ("@@ -0,0 +1,2 @@\n+one\n+two\n", [AddedLine(number: 1, text: "one"), AddedLine(number: 2, text: "two")]),
            ("@@ -3 +3 @@\n-old\n+new\n@@ -9,0 +10 @@\n+tail\n", [AddedLine(number: 3, text: "new"), AddedLine(number: 10, text: "tail")]),
            ("diff --git a/x b/x\n--- a/x\n+++ b/x\n@@ -1 +0,0 @@\n-gone\n", []),
            ("@@ -1 +1 @@\n-a\n+b\n\\ No newline at end of file\n", [AddedLine(number: 1, text: "b")]),
        ]
    )
    func parsesHunks(patch: String, expected: [AddedLine]) {
        #expect(Worktree.addedLines(inPatch: patch) == expected)
    }
}
