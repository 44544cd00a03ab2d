import Foundation
import Git
import Glibc
import Subprocess
import Testing
import WardenTestSupport

/// The deployment the README documents, with real uids: the bot (uid 1000, supplementary group 2000 — the pod's
/// `fsGroup`) prepares a worktree in its data directory and runs the shim; the exec server runs as uid 1001, also in
/// group 2000, and allows only that group.
@Suite("Exec sidecar across two uids", .serialized)
struct TwoUIDDeploymentTests {
    static let sharedGroup: UInt32 = 2000
    static let bot = ["/usr/bin/setpriv", "--reuid=1000", "--regid=1000", "--groups=2000"]
    static let execServer = ["/usr/bin/setpriv", "--reuid=1001", "--regid=1001", "--groups=2000"]

    @Test(
        "the exec server under its own uid runs commands in the bot's worktree, admitting the bot by its supplementary group",
        .timeLimit(.minutes(2))
    )
    func worktreeAcrossUIDs() async throws {
        let source = try TestDataDirectory()
        defer { source.remove() }
        let repository = try await TestRepository.create(in: source.path)
        let sha = try await repository.commit(on: "main", files: ["README.md": "shared with the exec container\n"])
        var worktreePath = ""
        try await ExecServerHarness.with(
            environment: ["WARDEN_EXEC_ALLOWED_UIDS": "", "WARDEN_EXEC_ALLOWED_GIDS": "\(Self.sharedGroup)"],
            workspaceName: "worktrees",
            serverPrefix: Self.execServer,
            prepare: { harness in
                // The data directory is the bot's; the worktrees are its `worktrees/` folder.
                let cache = RepositoryCache(root: harness.data.path, timeout: .seconds(60), sharedGroup: Self.sharedGroup)
                let worktree = try await cache.prepareWorktree(
                    project: 1, remoteURL: "file://" + repository.path, credential: nil, sha: sha, fetchRefs: [], name: "review-1-1-x"
                )
                worktreePath = worktree.path
                // The socket volume: an emptyDir the exec container writes, group-owned by the fsGroup.
                let folder = (harness.socketPath as NSString).deletingLastPathComponent
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
                #expect(chown(folder, 1001, Self.sharedGroup) == 0)
                #expect(chmod(folder, 0o2770) == 0)
            }
        ) { server in
            let run = try await server.shim(
                ["-c", "id -u; cat README.md; git -c safe.directory='*' rev-parse HEAD"],
                in: worktreePath,
                through: Self.bot
            )
            #expect(run.status == .exited(0), "\(run.standardError) \(server.log)")
            #expect(run.standardOutput == "1001\nshared with the exec container\n\(sha)\n", "\(run.standardError)")

            // The group reads; it neither lists the data directory nor writes to the worktree or the clone.
            let denied = try await server.shim(
                ["-c", "ls \(server.data.path) || echo no-list; touch x 2>/dev/null || echo no-write; touch \(server.data.path)/repos/1.git/x 2>/dev/null || echo no-write-clone"],
                in: worktreePath,
                through: Self.bot
            )
            #expect(denied.standardOutput == "no-list\nno-write\nno-write-clone\n", "\(denied.standardError)")
            // The exec container has the fsGroup too, so allowing it allows the model's own processes: the server says so.
            #expect(server.log.contains("the allow list admits this server's own uid or groups"))
        }
    }

    @Test("a peer outside the allowed group is refused although the socket is open to it", .timeLimit(.minutes(1)))
    func otherGroupRefused() async throws {
        try await ExecServerHarness.with(
            environment: ["WARDEN_EXEC_ALLOWED_UIDS": "", "WARDEN_EXEC_ALLOWED_GIDS": "3000"],
            serverPrefix: Self.execServer,
            prepare: { harness in
                let folder = (harness.socketPath as NSString).deletingLastPathComponent
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
                #expect(chown(folder, 1001, Self.sharedGroup) == 0)
                #expect(chmod(folder, 0o2770) == 0)
            }
        ) { server in
            let run = try await server.shim(["-c", "echo ran"], in: "/", through: Self.bot)
            #expect(run.status == .exited(126))
            #expect(run.standardError.contains("refuses connections from uid 1000"), "\(run.standardError)")
            #expect(!server.log.contains("the allow list admits this server's own uid or groups"))
        }
    }
}
