import Foundation
import Subprocess
import SystemPackage
import Testing
import WardenTestSupport

/// The real codex CLI with the shim installed the way a container image installs it: bind-mounted over
/// `/bin/bash` and `/bin/sh` in a private mount namespace (codex takes the login shell from `/etc/passwd`).
@Suite("Codex through the exec shim", .serialized)
struct CodexThroughShimTests {
    @Test("codex's exec_command runs in the exec server, not on codex's side", .timeLimit(.minutes(3)))
    func codexCommandsRunInTheServer() async throws {
        let codex = try CodexBinary.path()
        let model = ScriptedModelServer(script: [
            .exec("cat server-only/marker; cat codex-only/secret; echo exit-line", callID: "call_shim"),
            .message("The tool said: {{last_tool_output}}"),
        ])
        let port = try await model.start()
        do {
            try await ExecServerHarness.with { server in
                let home = try TestCodexHome(modelServerPort: port)
                defer { try? home.remove() }
                let workspace = server.workspace
                try FileManager.default.createDirectory(atPath: workspace + "/server-only", withIntermediateDirectories: true)
                try FileManager.default.createDirectory(atPath: workspace + "/codex-only", withIntermediateDirectories: true)
                try Data("marker-from-the-exec-server\n".utf8).write(to: URL(fileURLWithPath: workspace + "/server-only/marker"))

                // In codex's namespace only: the shim is the shell, server-only/ is hidden, and codex-only/ has a file
                // the server cannot see.
                let setup = """
                    set -e
                    mount --bind '\(server.warden)' /bin/bash
                    mount --bind '\(server.warden)' /bin/sh
                    mount -t tmpfs tmpfs '\(workspace)/server-only'
                    mount -t tmpfs tmpfs '\(workspace)/codex-only'
                    echo secret-on-the-codex-side > '\(workspace)/codex-only/secret'
                    exec '\(codex)' exec --json --skip-git-repo-check -s danger-full-access -C '\(workspace)' 'run the command'
                    """
                var environment: [Subprocess.Environment.Key: String] = ["WARDEN_EXEC_SOCKET": server.socketPath]
                for (name, value) in home.environment() {
                    environment[try #require(Subprocess.Environment.Key(rawValue: name))] = value
                }
                let run = try await Subprocess.run(
                    .path("/usr/bin/unshare"),
                    arguments: ["--mount", "--propagation", "private", "/bin/sh", "-c", setup],
                    environment: .custom(environment),
                    workingDirectory: FilePath(workspace),
                    input: .none,
                    output: .string(limit: 1 << 22),
                    error: .string(limit: 1 << 22)
                )
                #expect(run.terminationStatus == .exited(0), "\(run.standardError)")

                let requests = try await model.waitForRequests(count: 2, timeout: .seconds(30))
                let output = try #require(model.toolOutputs(in: requests[1]).first)
                #expect(output.contains("marker-from-the-exec-server"), "\(output)")
                #expect(!output.contains("secret-on-the-codex-side"), "\(output)")
                #expect(output.contains("codex-only/secret: No such file or directory"), "\(output)")
                #expect(output.contains("exit-line"))
                #expect(server.log.contains("command finished"))
            }
        } catch {
            await model.stop()
            throw error
        }
        await model.stop()
    }
}
