import Foundation
import Remediation
import Testing
import WardenTestSupport

@Suite("Test command runner: the sandbox and the time limit", .serialized)
struct TestCommandRunnerTests {
    static func sandbox() async throws -> TestIsolation {
        .bubblewrap(executable: try await RemediationHarness.bubblewrap(), network: false, readOnlyPaths: [], hiddenFiles: [])
    }

    @Test("a hostile test command reads no canary, writes no cache configuration, reaches no listener, leaves no process; its status counts",
          .timeLimit(.minutes(2)))
    func hostileCommandIsContained() async throws {
        let data = try TestDataDirectory()
        defer { data.remove() }
        let attacker = try await ConnectionRecorder.start()
        let canary = "sk-canary-\(UUID().uuidString)"
        let codexHome = data.path + "/codex-home"
        let worktree = data.path + "/worktrees/w"
        let cacheConfig = data.path + "/repos/1.git/config"
        for directory in [codexHome, worktree + "/ci", data.path + "/repos/1.git"] {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        }
        try Data("{\"OPENAI_API_KEY\": \"\(canary)\"}\n".utf8).write(to: URL(fileURLWithPath: codexHome + "/auth.json"))
        let configBefore = Data("[core]\n\tbare = true\n[remote \"origin\"]\n\turl = http://127.0.0.1:1/acme/app.git\n".utf8)
        try configBefore.write(to: URL(fileURLWithPath: cacheConfig))
        let script = HostileTestScript(
            canaryPath: codexHome + "/auth.json", cacheConfigPath: cacheConfig, rewrittenURL: "http://127.0.0.1:1/", attackerPort: attacker.port, exitStatus: 3
        )
        try Data(script.text.utf8).write(to: URL(fileURLWithPath: worktree + "/ci/test.sh"))

        let run = await TestCommandRunner(
            command: ["sh", "ci/test.sh"], timeout: .seconds(60), isolation: try await Self.sandbox(),
            parentEnvironment: ["PATH": "/usr/bin:/bin", "HOME": data.path, "CODEX_HOME": codexHome]
        ).run(in: worktree)
        let survivors = await ProcessTable.survivors(withArgumentContaining: script.marker)
        ProcessTable.kill(withArgumentContaining: script.marker)
        await attacker.stop()

        #expect(run.exitStatus == 3 && !run.timedOut && run.summary == "failed with exit status 3", "\(run)")
        #expect(run.outputTail.contains("exiting 3"))
        let found = try String(contentsOfFile: worktree + "/found.txt", encoding: .utf8)
        #expect(found.contains("search:") && found.contains("network:"), "the script ran to the end: \(found)")
        #expect(!found.contains(canary), "\(found)")
        for file in data.allFiles() where !file.path.hasSuffix("/auth.json") {
            #expect(!String(decoding: file.bytes, as: UTF8.self).contains(canary), "canary in \(file.path)")
        }
        #expect(FileManager.default.contents(atPath: cacheConfig) == configBefore)
        #expect(attacker.connections == 0)
        #expect(survivors.isEmpty, "left running: \(survivors)")
    }

    @Test("the sandbox is usable: a private writable HOME and /tmp, the system's tools, a writable worktree", .timeLimit(.minutes(1)))
    func sandboxIsUsable() async throws {
        let data = try TestDataDirectory()
        defer { data.remove() }
        let script = "echo hi > \"$HOME/f\" && cat \"$HOME/f\" && touch /tmp/t && python3 -c 'print(6 * 7)' && echo built > out.txt && echo \"$HOME\""
        let run = await TestCommandRunner(
            command: ["sh", "-c", script], timeout: .seconds(30), isolation: try await Self.sandbox(), parentEnvironment: ["PATH": "/usr/bin:/bin"]
        ).run(in: data.path)
        #expect(run.passed, "\(run)")
        #expect(run.outputTail == "hi\n42\n/home/warden\n")
        #expect(try String(contentsOfFile: data.path + "/out.txt", encoding: .utf8) == "built\n")
    }

    @Test("an operator's read-only directory is readable and read-only; a secret file in it cannot be read", .timeLimit(.minutes(1)))
    func readOnlyPathsAndHiddenFiles() async throws {
        let data = try TestDataDirectory()
        defer { data.remove() }
        let toolchain = data.path + "/opt/toolchain"
        let worktree = data.path + "/worktree"
        for directory in [toolchain, worktree] {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        }
        let canary = "glpat-canary-\(UUID().uuidString)"
        try Data("compiler\n".utf8).write(to: URL(fileURLWithPath: toolchain + "/tool.txt"))
        try Data(canary.utf8).write(to: URL(fileURLWithPath: toolchain + "/token"))
        let isolation = TestIsolation.bubblewrap(
            executable: try await RemediationHarness.bubblewrap(), network: false, readOnlyPaths: [toolchain],
            hiddenFiles: TestSandbox.hideableFiles([toolchain + "/token", toolchain + "/missing"])
        )
        let run = await TestCommandRunner(
            command: ["sh", "-c", "cat '\(toolchain)/tool.txt' '\(toolchain)/token'; touch '\(toolchain)/new' || echo read-only"],
            timeout: .seconds(30), isolation: isolation, parentEnvironment: ["PATH": "/usr/bin:/bin"]
        ).run(in: worktree)
        #expect(run.outputTail.hasPrefix("compiler\n"), "\(run)")
        #expect(run.outputTail.contains("read-only") && !run.outputTail.contains(canary), "\(run)")
    }

    static let escapes = [
        ("a silent setsid child", "setsid sleep MARK < /dev/null & exec sleep 1000"),
        ("a setsid child that keeps writing", "setsid sh -c 'while :; do echo MARK; done' & exec sleep 1000"),
        ("a setsid child after the command exits", "setsid sh -c 'while :; do echo MARK; done' & exit 0"),
        (
            "a command that moves itself out of its process group",
            "exec python3 -c 'import os, subprocess, time; c = subprocess.Popen([\"sleep\", \"MARK\"], process_group=0); "
                + "time.sleep(0.2); os.setpgid(0, c.pid); time.sleep(1000)'"
        ),
    ]

    @Test("returns at the time limit even when a setsid child holds the output pipes", .timeLimit(.minutes(2)), arguments: escapes, [true, false])
    func returnsAtTheTimeLimit(_ escape: (String, String), sandboxed: Bool) async throws {
        let data = try TestDataDirectory()
        defer { data.remove() }
        let marker = "987654.\(Int.random(in: 100_000...999_999))"
        let isolation = sandboxed ? try await Self.sandbox() : .none
        let started = ContinuousClock.now
        let run = await TestCommandRunner(
            command: ["sh", "-c", escape.1.replacingOccurrences(of: "MARK", with: marker)], timeout: .seconds(3), isolation: isolation,
            parentEnvironment: ["PATH": "/usr/bin:/bin"]
        ).run(in: data.path)
        let elapsed = ContinuousClock.now - started
        let survivors = await ProcessTable.survivors(withArgumentContaining: marker, patience: .seconds(1))
        ProcessTable.kill(withArgumentContaining: marker)
        // 3 s limit + 2 s grace + the final kill; generous for a busy machine, far from "never".
        #expect(elapsed < .seconds(30), "\(escape.0), sandboxed: \(sandboxed): took \(elapsed)")
        if sandboxed {
            #expect(survivors.isEmpty, "\(escape.0): the PID namespace ends every process")
        }
        #expect(run.timedOut || run.exitStatus == 0, "\(escape.0): \(run)")
    }
}
