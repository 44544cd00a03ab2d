import Foundation
import Git
import Testing
import WardenCore
import WardenTestSupport

@Suite("Worktree pool over smart HTTP")
struct WorktreePoolTests {
    @Test("a pooled worktree left dirty by a crashed job is clean, at the new commit, for the next job after a restart")
    func cleansCrashedJob() async throws {
        let fixture = try await GitServerFixture()
        defer { Task { await fixture.tearDown() } }
        let first = try await fixture.repository.commit(on: "main", files: [".gitignore": "build/\n", "a.txt": "one\n", "src/b.txt": "b\n"])
        // The crashed process's cache: gone with the process, and with it the lock on the slot.
        var crashedCache: RepositoryCache? = RepositoryCache(root: fixture.dataDirectory.path, timeout: .seconds(60))
        let crashed = try await lease(fixture, cache: try #require(crashedCache), sha: first)
        crashedCache = nil
        #expect(crashed.isPooled)

        // The job wrote everywhere, ran git, and died: nothing was handed back.
        try "modified\n".write(toFile: crashed.path + "/a.txt", atomically: false, encoding: .utf8)
        try FileManager.default.removeItem(atPath: crashed.path + "/src/b.txt")
        try "untracked\n".write(toFile: crashed.path + "/new.txt", atomically: false, encoding: .utf8)
        try FileManager.default.createDirectory(atPath: crashed.path + "/build/.git", withIntermediateDirectories: true)
        try "ignored\n".write(toFile: crashed.path + "/build/out.o", atomically: false, encoding: .utf8)
        let registration = fixture.cache.repositoryPath(project: 1) + "/worktrees/" + URL(fileURLWithPath: crashed.path).lastPathComponent
        try Data().write(to: URL(fileURLWithPath: registration + "/index.lock"))
        try "\(try exitedProcessID()) 1\n".write(toFile: owner(of: crashed, in: fixture), atomically: true, encoding: .utf8)

        let second = try await fixture.repository.commit(on: "main", files: ["a.txt": "two\n"])
        let restarted = RepositoryCache(root: fixture.dataDirectory.path, timeout: .seconds(60))
        try await restarted.removeStaleWorktrees()
        let next = try await lease(fixture, cache: restarted, sha: second)

        #expect(next.path == crashed.path, "the crashed job's worktree was reused, not replaced by another")
        #expect(try files(in: next.path) == [".gitignore", "a.txt", "src/b.txt"])
        #expect(try String(contentsOfFile: next.path + "/a.txt", encoding: .utf8) == "two\n")
        #expect(!FileManager.default.fileExists(atPath: registration + "/index.lock"))
    }

    @Test("concurrent jobs of one project never get the same worktree; those beyond the pool get temporary ones")
    func concurrentLeases() async throws {
        let fixture = try await GitServerFixture()
        defer { Task { await fixture.tearDown() } }
        let sha = try await fixture.repository.commit(on: "main", files: ["a.txt": "x\n"])
        try await fixture.cache.returnWorktree(lease(fixture, cache: fixture.cache, sha: sha))

        let (cache, url, credential) = (fixture.cache, fixture.url, fixture.credential)
        let worktrees = try await withThrowingTaskGroup(of: Worktree.self) { group in
            for _ in 0..<4 {
                group.addTask {
                    try await cache.leaseWorktree(project: 1, remoteURL: url, credential: credential, sha: sha, fetchRefs: ["refs/heads/main"])
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }

        #expect(Set(worktrees.map(\.path)).count == 4)
        #expect(worktrees.filter(\.isPooled).count == fixture.cache.worktreePool)
        for worktree in worktrees { #expect(FileManager.default.fileExists(atPath: worktree.path + "/a.txt")) }
        for worktree in worktrees { try await fixture.cache.returnWorktree(worktree) }
        let temporary = worktrees.filter { !$0.isPooled }.map(\.path)
        #expect(temporary.allSatisfy { !FileManager.default.fileExists(atPath: $0) }, "temporary worktrees are deleted when handed back")
        let again = try await lease(fixture, cache: fixture.cache, sha: sha)
        #expect(again.isPooled && worktrees.filter(\.isPooled).map(\.path).contains(again.path))
    }

    @Test("what a model wrote in one job's worktree never appears in the next job's")
    func modelWritesDoNotLeak() async throws {
        let fixture = try await GitServerFixture()
        defer { Task { await fixture.tearDown() } }
        let first = try await fixture.repository.commit(on: "main", files: ["a.txt": "one\n", "keep.txt": "same\n"])
        let review = try await lease(fixture, cache: fixture.cache, sha: first)
        // The model rewrote a tracked file with the same size and its old modification time, added files, and
        // pointed `.git` somewhere else.
        let modified = try FileManager.default.attributesOfItem(atPath: review.path + "/a.txt")[.modificationDate] as? Date
        try "ONE\n".write(toFile: review.path + "/a.txt", atomically: false, encoding: .utf8)
        try FileManager.default.setAttributes([.modificationDate: modified as Any], ofItemAtPath: review.path + "/a.txt")
        try "planted\n".write(toFile: review.path + "/AGENTS.md", atomically: false, encoding: .utf8)
        try FileManager.default.removeItem(atPath: review.path + "/.git")
        try "gitdir: /tmp/elsewhere\n".write(toFile: review.path + "/.git", atomically: false, encoding: .utf8)
        try await fixture.cache.returnWorktree(review)

        let next = try await lease(fixture, cache: fixture.cache, sha: first)

        #expect(next.path == review.path)
        #expect(try files(in: next.path) == ["a.txt", "keep.txt"])
        #expect(try String(contentsOfFile: next.path + "/a.txt", encoding: .utf8) == "one\n")
        let gitFile = try String(contentsOfFile: next.path + "/.git", encoding: .utf8)
        #expect(gitFile.hasPrefix("gitdir: ") && gitFile.hasSuffix("/repos/1.git/worktrees/pool-1-0\n"))
    }

    @Test("the pool survives a restart, and moving to the next commit rewrites only the files that changed")
    func survivesRestart() async throws {
        let fixture = try await GitServerFixture()
        defer { Task { await fixture.tearDown() } }
        let first = try await fixture.repository.commit(on: "main", files: ["a.txt": "one\n", "same.txt": "same\n"])
        let before = try await lease(fixture, cache: fixture.cache, sha: first)
        let inode = try fileNumber(before.path + "/same.txt")
        try await fixture.cache.returnWorktree(before)

        let second = try await fixture.repository.commit(on: "main", files: ["a.txt": "two\n"])
        let restarted = RepositoryCache(root: fixture.dataDirectory.path, timeout: .seconds(60))
        try await restarted.removeStaleWorktrees()
        let after = try await lease(fixture, cache: restarted, sha: second)

        #expect(after.path == before.path)
        #expect(try String(contentsOfFile: after.path + "/a.txt", encoding: .utf8) == "two\n")
        #expect(try fileNumber(after.path + "/same.txt") == inode, "an unchanged file was not written again")
    }

    @Test("a pooled worktree whose slot another process holds is not leased; once that process dies it is, without any clean-up")
    func otherProcessKeepsItsWorktree() async throws {
        let fixture = try await GitServerFixture()
        defer { Task { await fixture.tearDown() } }
        let sha = try await fixture.repository.commit(on: "main", files: ["a.txt": "x\n"])
        let theirs = try await lease(fixture, cache: fixture.cache, sha: sha)
        try await fixture.cache.returnWorktree(theirs)
        // Another process holds the slot's lock, as a second Warden on this data directory does while it leases it.
        let holder = Process()
        holder.executableURL = URL(fileURLWithPath: "/usr/bin/flock")
        holder.arguments = ["--exclusive", "--no-fork", owner(of: theirs, in: fixture) + ".lock", "/bin/sleep", "60"]
        try holder.run()
        defer { if holder.isRunning { holder.terminate() } }
        try await waitUntilLocked(owner(of: theirs, in: fixture) + ".lock")

        let restarted = RepositoryCache(root: fixture.dataDirectory.path, timeout: .seconds(60), worktreePool: 1)
        try await restarted.removeStaleWorktrees()
        let ours = try await lease(fixture, cache: restarted, sha: sha)
        #expect(ours.path != theirs.path)
        #expect(!ours.isPooled, "the only slot is held elsewhere, so the job gets a temporary worktree")
        #expect(FileManager.default.fileExists(atPath: theirs.path + "/a.txt"))
        try await restarted.returnWorktree(ours)

        kill(holder.processIdentifier, SIGKILL)
        holder.waitUntilExit()
        let after = try await lease(fixture, cache: restarted, sha: sha)
        #expect(after.path == theirs.path)
    }

    @Test("two caches on one data directory (two processes) leasing at once never get the same pooled worktree")
    func twoProcessesRaceForOneSlot() async throws {
        let fixture = try await GitServerFixture()
        defer { Task { await fixture.tearDown() } }
        let sha = try await fixture.repository.commit(on: "main", files: ["a.txt": "x\n"])
        let seed = try await lease(fixture, cache: fixture.cache, sha: sha)
        try await fixture.cache.returnWorktree(seed)
        for _ in 0..<5 {
            let one = RepositoryCache(root: fixture.dataDirectory.path, timeout: .seconds(60), worktreePool: 1)
            let other = RepositoryCache(root: fixture.dataDirectory.path, timeout: .seconds(60), worktreePool: 1)
            async let first = lease(fixture, cache: one, sha: sha)
            async let second = lease(fixture, cache: other, sha: sha)
            let (a, b) = try await (first, second)
            #expect(a.path != b.path)
            #expect([a, b].filter(\.isPooled).count == 1)
            try await one.returnWorktree(a)
            try await other.returnWorktree(b)
        }
    }

    // MARK: Helpers

    private func lease(_ fixture: GitServerFixture, cache: RepositoryCache, sha: String) async throws -> Worktree {
        try await cache.leaseWorktree(project: 1, remoteURL: fixture.url, credential: fixture.credential, sha: sha, fetchRefs: ["refs/heads/main"])
    }

    private func owner(of worktree: Worktree, in fixture: GitServerFixture) -> String {
        fixture.dataDirectory.path + "/worktree-owners/" + URL(fileURLWithPath: worktree.path).lastPathComponent
    }

    /// Every file under `path`, relative, sorted; the worktree's `.git` file left out.
    private func files(in path: String) throws -> [String] {
        let all = try #require(FileManager.default.enumerator(atPath: path)?.allObjects as? [String])
        return all.filter { entry in
            var isDirectory: ObjCBool = false
            return entry != ".git" && FileManager.default.fileExists(atPath: path + "/" + entry, isDirectory: &isDirectory) && !isDirectory.boolValue
        }.sorted()
    }

    /// Waits until another open file holds an exclusive lock on `path` (the holder process has started).
    private func waitUntilLocked(_ path: String) async throws {
        for _ in 0..<500 {
            let descriptor = open(path, O_RDONLY)
            if descriptor >= 0 {
                defer { close(descriptor) }
                if flock(descriptor, LOCK_EX | LOCK_NB) != 0 { return }
                flock(descriptor, LOCK_UN)
            }
            try await Task.sleep(for: .milliseconds(10))
        }
        Issue.record("nobody took the lock on \(path)")
    }

    private func fileNumber(_ path: String) throws -> UInt64? {
        (try FileManager.default.attributesOfItem(atPath: path)[.systemFileNumber] as? NSNumber)?.uint64Value
    }

    private func exitedProcessID() throws -> Int32 {
        let exited = Process()
        exited.executableURL = URL(fileURLWithPath: "/bin/true")
        try exited.run()
        exited.waitUntilExit()
        return exited.processIdentifier
    }
}
