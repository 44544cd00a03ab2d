import Foundation
import Testing

@testable import Git

@Suite("Finding git on PATH")
struct GitLocateTests {
    @Test("the first executable file of that name wins; relative entries, missing and non-executable files are skipped")
    func locates() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("locate-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        for directory in ["empty", "plain", "first", "second"] {
            try FileManager.default.createDirectory(atPath: root + "/" + directory, withIntermediateDirectories: true)
        }
        #expect(FileManager.default.createFile(atPath: root + "/plain/git", contents: Data(), attributes: [.posixPermissions: 0o644]))
        for directory in ["first", "second"] {
            #expect(FileManager.default.createFile(atPath: root + "/\(directory)/git", contents: Data(), attributes: [.posixPermissions: 0o755]))
        }
        let path = ["relative", "\(root)/empty", "\(root)/plain", "", "\(root)/first", "\(root)/second"].joined(separator: ":")
        #expect(GitRunner.locate("git", in: path) == root + "/first/git")
        #expect(GitRunner.locate("git", in: "\(root)/empty:\(root)/plain") == nil)
        #expect(GitRunner.locate("git", in: "") == nil)
    }
}
