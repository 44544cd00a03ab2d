import Foundation
import Testing
import WardenCore
import WardenTestSupport

@testable import Git

@Suite("Worktree changes")
struct WorktreeChangesTests {
    @Test("added lines cover changed tracked files and untracked files, numbered in the new file")
    func addedLinesOfChangesAndUntrackedFiles() async throws {
        let fixture = try await GitServerFixture()
        defer { Task { await fixture.tearDown() } }
        let sha = try await fixture.repository.commit(
            on: "main",
            files: ["config.py": "a = 1\nb = 2\nc = 3\n", "keep.txt": "same\n", ".gitignore": "build/\n"]
        )
        let worktree = try await fixture.worktree(
            project: 1,
            sha: sha,
            fetchRefs: [],
            name: "fix-1"
        )
        #expect(try await worktree.hasChanges() == false)

        try Data("a = 1\nTOKEN = 'x'\nb = 2\nc = 4\n".utf8).write(to: URL(fileURLWithPath: worktree.path + "/config.py"))
        try FileManager.default.createDirectory(atPath: worktree.path + "/new dir", withIntermediateDirectories: true)
        try Data("first\nsecond".utf8).write(to: URL(fileURLWithPath: worktree.path + "/new dir/notes.txt"))
        try FileManager.default.createDirectory(atPath: worktree.path + "/build", withIntermediateDirectories: true)
        try Data("ignored\n".utf8).write(to: URL(fileURLWithPath: worktree.path + "/build/out.txt"))

        #expect(try await worktree.hasChanges())
        let added = try await worktree.addedLines()

        #expect(added["config.py"] == [AddedLine(number: 2, text: "TOKEN = 'x'"), AddedLine(number: 4, text: "c = 4")])
        #expect(added["new dir/notes.txt"] == [AddedLine(number: 1, text: "first"), AddedLine(number: 2, text: "second")])
        #expect(added["keep.txt"] == nil)
        #expect(added["build/out.txt"] == nil)

        let commit = try await worktree.commitAll(message: "Fix config", authorName: "Warden", authorEmail: "warden@example.com")
        #expect(commit != sha)
        #expect(try await worktree.hasChanges() == false)
        #expect(try await worktree.addedLines().isEmpty)
    }

    @Test("a rewritten .git file does not redirect git away from the recorded repository")
    func gitDirectoryIsPinned() async throws {
        let fixture = try await GitServerFixture()
        defer { Task { await fixture.tearDown() } }
        let sha = try await fixture.repository.commit(on: "main", files: ["a.txt": "x\n"])
        let worktree = try await fixture.worktree(
            project: 1,
            sha: sha,
            fetchRefs: [],
            name: "fix-2"
        )
        try Data("gitdir: /nonexistent/elsewhere\n".utf8).write(to: URL(fileURLWithPath: worktree.path + "/.git"))
        try Data("y\n".utf8).write(to: URL(fileURLWithPath: worktree.path + "/a.txt"))

        #expect(try await worktree.addedLines()["a.txt"] == [AddedLine(number: 1, text: "y")])
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
