import Foundation
import Glibc
import Subprocess
import SystemPackage
import Testing
import WardenTestSupport

@Suite("Exec shim and server", .serialized)
struct ExecShimTests {
    @Test("brings back stdout, stderr and the exit status exactly", .timeLimit(.minutes(1)))
    func outputAndStatus() async throws {
        try await ExecServerHarness.with { server in
            let run = try await server.shell("printf 'out\\n'; printf 'err\\n' >&2; printf 'more'; exit 7")
            #expect(run.standardOutput == "out\nmore")
            #expect(run.standardError == "err\n")
            #expect(run.status == .exited(7))
        }
    }

    @Test("runs as bash -lc, like codex, and as sh", .timeLimit(.minutes(1)))
    func loginShellAndSh() async throws {
        try await ExecServerHarness.with { server in
            let login = try await server.shim(["-lc", "shopt -q login_shell && echo login"])
            #expect(login.standardOutput == "login\n", "\(login.standardError)")
            let sh = try await Subprocess.run(
                .path(FilePath(server.shimFolder + "/sh")),
                arguments: ["-c", "echo from-sh"],
                environment: .custom(["WARDEN_EXEC_SOCKET": server.socketPath]),
                workingDirectory: FilePath(server.workspace),
                output: .string(limit: 4096),
                error: .string(limit: 4096)
            )
            #expect(sh.standardOutput == "from-sh\n")
            #expect(sh.terminationStatus == .exited(0))
        }
    }

    @Test("runs in the shim's working directory under the workspace", .timeLimit(.minutes(1)))
    func workingDirectory() async throws {
        try await ExecServerHarness.with { server in
            let nested = server.workspace + "/project/src"
            try FileManager.default.createDirectory(atPath: nested, withIntermediateDirectories: true)
            let run = try await server.shell("pwd", in: nested)
            let canonical = try #require(realpath(nested, nil).map { pointer in
                defer { free(pointer) }
                return String(cString: pointer)
            })
            #expect(run.standardOutput == canonical + "\n")
        }
    }

    @Test("reports a signal-killed command as 128 + signal", .timeLimit(.minutes(1)))
    func killedBySignal() async throws {
        try await ExecServerHarness.with { server in
            let killed = try await server.shell("kill -KILL $$")
            let segfaulted = try await server.shell("kill -SEGV $$")
            #expect(killed.shellStatus == 137)
            #expect(segfaulted.shellStatus == 139)
        }
    }

    @Test("does not pass secrets through the socket", .timeLimit(.minutes(1)))
    func filtersEnvironment() async throws {
        try await ExecServerHarness.with { server in
            let run = try await server.shim(
                ["-c", "echo \"[$PLAIN][$OPENAI_API_KEY][$GITHUB_TOKEN][$LD_PRELOAD]\""],
                environment: ["PLAIN": "kept", "OPENAI_API_KEY": "sk-x", "GITHUB_TOKEN": "ghp_x", "LD_PRELOAD": "/nope.so"]
            )
            #expect(run.standardOutput == "[kept][][][]\n")
        }
    }

    @Test("kills a long command at its limit, SIGKILL when it ignores SIGTERM, leaving nothing in its group", .timeLimit(.minutes(1)))
    func timeLimit() async throws {
        try await ExecServerHarness.with(environment: ["WARDEN_EXEC_TIMEOUT": "1s"]) { server in
            let polite = try await server.shell("echo pgid=$$; sleep 300 & sleep 300")
            #expect(polite.shellStatus == 143)
            let stubborn = try await server.shell("trap '' TERM; echo pgid=$$; (sleep 300; echo never) & sleep 300")
            #expect(stubborn.shellStatus == 137)
            for run in [polite, stubborn] {
                let group = try #require(Self.processGroup(in: run.standardOutput))
                #expect(await ExecServerHarness.waitForEmptyGroup(group).isEmpty)
            }
            #expect(server.log.contains("timed_out=true"))
        }
    }

    @Test("kills the command's group when the client disconnects", .timeLimit(.minutes(1)))
    func disconnectKills() async throws {
        try await ExecServerHarness.with { server in
            let result = try await Subprocess.run(
                .path(FilePath(server.shimFolder + "/bash")),
                arguments: ["-c", "sleep 300 & echo pgid=$$; sleep 300"],
                environment: .custom(["WARDEN_EXEC_SOCKET": server.socketPath]),
                workingDirectory: FilePath(server.workspace),
                input: .none,
                output: .sequence,
                error: .discarded
            ) { execution in
                let standardOutput = execution.standardOutput
                var text = ""
                for try await chunk in standardOutput {
                    text += chunk.withUnsafeBytes { String(decoding: $0, as: UTF8.self) }
                    if text.contains("\n") { break }
                }
                // SIGKILL cannot be forwarded: the shim just vanishes and its socket closes.
                kill(execution.processIdentifier.value, SIGKILL)
                return text
            }
            let group = try #require(Self.processGroup(in: result.closureResult))
            #expect(await ExecServerHarness.waitForEmptyGroup(group).isEmpty)
        }
    }

    @Test("forwards SIGTERM to the command", .timeLimit(.minutes(1)))
    func forwardsSignals() async throws {
        try await ExecServerHarness.with { server in
            let result = try await Subprocess.run(
                .path(FilePath(server.shimFolder + "/bash")),
                arguments: ["-c", "trap 'echo got-term; exit 3' TERM; echo ready; while :; do sleep 0.05; done"],
                environment: .custom(["WARDEN_EXEC_SOCKET": server.socketPath]),
                workingDirectory: FilePath(server.workspace),
                input: .none,
                output: .sequence,
                error: .discarded
            ) { execution in
                let standardOutput = execution.standardOutput
                var text = ""
                var signalled = false
                for try await chunk in standardOutput {
                    text += chunk.withUnsafeBytes { String(decoding: $0, as: UTF8.self) }
                    if text.contains("ready"), !signalled {
                        signalled = true
                        kill(execution.processIdentifier.value, SIGTERM)
                    }
                }
                return text
            }
            #expect(result.closureResult == "ready\ngot-term\n")
            #expect(result.terminationStatus == .exited(3))
        }
    }

    @Test("refuses a working directory outside the workspace", .timeLimit(.minutes(1)))
    func outsideWorkspace() async throws {
        try await ExecServerHarness.with { server in
            let escape = server.workspace + "/escape"
            try FileManager.default.createSymbolicLink(atPath: escape, withDestinationPath: server.data.path)
            for directory in [server.data.path, escape] {
                let run = try await server.shell("echo ran", in: directory)
                #expect(run.status == .exited(126))
                #expect(run.standardOutput.isEmpty)
                #expect(run.standardError.contains("refuses the working directory"))
            }
        }
    }

    @Test("refuses a peer whose uid is not allowed", .timeLimit(.minutes(1)))
    func refusesPeer() async throws {
        // The socket folder belongs to nobody's group (set-gid), so uid 65534 can connect and SO_PEERCRED decides.
        try await ExecServerHarness.with(prepare: { server in
            let folder = (server.socketPath as NSString).deletingLastPathComponent
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            #expect(chown(folder, 0, 65534) == 0)
            #expect(chmod(folder, 0o2750) == 0)
        }) { server in
            let run = try await server.shim(
                ["-c", "echo ran"],
                through: ["/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
            )
            #expect(run.status == .exited(126))
            #expect(run.standardOutput.isEmpty)
            #expect(run.standardError.contains("refuses connections from uid 65534"), "\(run.standardError)")
            let allowed = try await server.shell("echo still-serving")
            #expect(allowed.standardOutput == "still-serving\n")
        }
    }

    @Test("says so and exits 126 when the server cannot be reached", .timeLimit(.minutes(1)))
    func unreachable() async throws {
        try await ExecServerHarness.with { server in
            let run = try await server.shim(["-c", "echo ran"], environment: ["WARDEN_EXEC_SOCKET": server.data.path + "/none.sock"])
            #expect(run.status == .exited(126))
            #expect(run.standardError.contains("cannot reach the exec server"))
        }
    }

    @Test("refuses an oversized frame without crashing", .timeLimit(.minutes(1)))
    func oversizedFrame() async throws {
        try await ExecServerHarness.with { server in
            let answer = try await Self.rawExchange(server, sending: #"b"R" + (16 * 1024 * 1024).to_bytes(4, "big") + b"x" * 4096"#)
            #expect(answer.hasPrefix("F The exec server refuses a frame of 16777216 bytes"), "\(answer)")
            let after = try await server.shell("echo alive")
            #expect(after.standardOutput == "alive\n")
        }
    }

    @Test("closes the connection of an allowed client that sends no request in time, and keeps serving", .timeLimit(.minutes(1)))
    func silentClient() async throws {
        try await ExecServerHarness.with(environment: ["WARDEN_EXEC_REQUEST_TIMEOUT": "300ms"]) { server in
            let answer = try await Self.rawExchange(server, sending: #"b"""#)
            #expect(answer.hasPrefix("F The exec server received no request within"), "\(answer)")
            let after = try await server.shell("echo alive")
            #expect(after.standardOutput == "alive\n")
        }
    }

    /// Connects to the server's socket without the shim, sends `bytes` (a Python bytes expression), reads
    /// until the server closes, and returns its first frame as `<type letter> <payload>` (or python's error).
    static func rawExchange(_ server: ExecServerHarness, sending bytes: String) async throws -> String {
        let client = """
            import socket, sys
            s = socket.socket(socket.AF_UNIX)
            s.connect(sys.argv[1])
            s.settimeout(30)
            s.sendall(\(bytes))
            data = b""
            while True:
                chunk = s.recv(65536)
                if not chunk: break
                data += chunk
            print(chr(data[0]), data[5:].decode())
            """
        let result = try await Subprocess.run(
            .path("/usr/bin/python3"),
            arguments: ["-c", client, server.socketPath],
            output: .string(limit: 1 << 16),
            error: .string(limit: 1 << 16)
        )
        return result.standardOutput + result.standardError
    }

    /// The `pgid=N` a test command printed.
    static func processGroup(in output: String) -> pid_t? {
        output.split(separator: "\n").first { $0.hasPrefix("pgid=") }.flatMap { pid_t($0.dropFirst(5)) }
    }
}
