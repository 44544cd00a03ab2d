import Foundation
import Remediation
import Testing
import WardenTestSupport

/// Where bubblewrap cannot run (no user namespaces), the remediation gate runs the test command in the exec sidecar.
@Suite("The remediation gate through the exec sidecar", .serialized)
struct TestGateThroughSidecarTests {
    @Test("the test command runs in the exec server's container, without Warden's variables; its status and output come back")
    func runsInTheSidecar() async throws {
        try await ExecServerHarness.with { harness in
            let worktree = harness.workspace + "/worktrees/review-1"
            try FileManager.default.createDirectory(atPath: worktree + "/ci", withIntermediateDirectories: true)
            try Data(
                """
                echo "parent: $(tr '\\0' ' ' < /proc/$PPID/cmdline)"
                echo "cwd: $(pwd)"
                env | grep -c '^WARDEN_' || true
                echo 'quoted: it'"'"'s here'
                exit 3
                """.utf8
            ).write(to: URL(fileURLWithPath: worktree + "/ci/test.sh"))
            let run = await TestCommandRunner(
                command: ["sh", "ci/test.sh"], timeout: .seconds(60), isolation: .execSidecar(shim: harness.warden, socket: harness.socketPath),
                parentEnvironment: ["PATH": "/usr/bin:/bin", "HOME": "/root", "WARDEN_GITLAB_TOKEN": "glpat-must-not-travel"]
            ).run(in: worktree)
            let output = run.outputTail
            #expect(run.exitStatus == 3, "\(run)")
            #expect(output.contains("parent: \(harness.warden) exec-server"), "the exec server started it: \(output)")
            #expect(output.contains("cwd: \(worktree)"))
            #expect(output.contains("\n0\n"), "no WARDEN_* variable reaches the command: \(output)")
            #expect(output.contains("quoted: it's here"))
            #expect(!output.contains("glpat-must-not-travel"))
        }
    }
}
