import Foundation
import Testing

@testable import Remediation

@Suite("What the gate starts for the test command")
struct TestLaunchTests {
    static let parent = [
        "PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": "/root", "LANG": "C.UTF-8", "CODEX_HOME": "/root/.codex",
        "WARDEN_GITLAB_TOKEN": "glpat-secret", "OPENAI_API_KEY": "sk-secret", "TZ": "UTC",
    ]

    @Test("on the host: the command itself, Warden's HOME, and nothing secret")
    func unsandboxed() throws {
        let launch = try #require(TestLaunch.plan(command: ["sh", "ci/test.sh"], isolation: .none, worktree: "/data/worktrees/w", parentEnvironment: Self.parent))
        #expect(launch.executable == "sh" && launch.arguments == ["ci/test.sh"])
        #expect(launch.environment == ["PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": "/root", "LANG": "C.UTF-8", "TZ": "UTC", "CI": "true"])
    }

    @Test("in bubblewrap: every namespace new, system directories read-only minus secret files, worktree read-write, private HOME and /tmp, cleared environment")
    func sandboxed() throws {
        let launch = try #require(
            TestLaunch.plan(
                command: ["sh", "ci/test.sh"], isolation: .bubblewrap(
                    executable: "/usr/bin/bwrap", network: false, readOnlyPaths: ["/opt/swift"],
                    hiddenFiles: ["/etc/warden/warden.toml", "/opt/swift/token", "/run/secrets/token", "/etcetera/x"]
                ),
                worktree: "/data/worktrees/w", parentEnvironment: Self.parent
            )
        )
        #expect(launch.executable == "/usr/bin/bwrap")
        #expect(launch.environment == ["PATH": "/usr/bin:/bin"])
        #expect(
            launch.arguments == [
                "--unshare-all", "--die-with-parent", "--new-session", "--cap-drop", "ALL",
                "--ro-bind", "/usr", "/usr", "--ro-bind-try", "/bin", "/bin", "--ro-bind-try", "/sbin", "/sbin",
                "--ro-bind-try", "/lib", "/lib", "--ro-bind-try", "/lib32", "/lib32", "--ro-bind-try", "/lib64", "/lib64",
                "--ro-bind-try", "/etc", "/etc",
                "--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp", "--tmpfs", "/home/warden",
                "--ro-bind-try", "/opt/swift", "/opt/swift",
                "--ro-bind", "/dev/null", "/etc/warden/warden.toml", "--ro-bind", "/dev/null", "/opt/swift/token",
                "--bind", "/data/worktrees/w", "/data/worktrees/w", "--chdir", "/data/worktrees/w", "--clearenv",
                "--setenv", "CI", "true", "--setenv", "HOME", "/home/warden", "--setenv", "LANG", "C.UTF-8",
                "--setenv", "PATH", "/usr/local/bin:/usr/bin:/bin", "--setenv", "TMPDIR", "/tmp", "--setenv", "TZ", "UTC",
                "--", "sh", "ci/test.sh",
            ]
        )
    }

    @Test("the network is shared only when allowed")
    func network() throws {
        let launch = try #require(
            TestLaunch.plan(
                command: ["make", "test"], isolation: .bubblewrap(executable: "/usr/bin/bwrap", network: true, readOnlyPaths: [], hiddenFiles: []),
                worktree: "/w", parentEnvironment: [:]
            )
        )
        #expect(launch.arguments.prefix(2) == ["--unshare-all", "--share-net"])
        #expect(!launch.arguments.contains("/root") && !launch.arguments.contains { $0.contains("codex") })
    }

    @Test("in the exec sidecar: warden exec-shim runs the command as bash -c with every word quoted, and no secret")
    func execSidecar() throws {
        let launch = try #require(
            TestLaunch.plan(
                command: ["sh", "-c", "echo 'it''s' $HOME; exit 3"], isolation: .execSidecar(shim: "/usr/local/bin/warden", socket: "/run/exec.sock"),
                worktree: "/data/worktrees/w", parentEnvironment: Self.parent
            )
        )
        #expect(launch.executable == "/usr/local/bin/warden")
        #expect(launch.arguments == ["exec-shim", "-c", #"'sh' '-c' 'echo '\''it'\'''\''s'\'' $HOME; exit 3'"#])
        #expect(launch.environment == ["PATH": "/usr/local/bin:/usr/bin:/bin", "LANG": "C.UTF-8", "TZ": "UTC", "CI": "true", "WARDEN_EXEC_SOCKET": "/run/exec.sock"])
    }

    @Test("quoted words reach the shell unchanged", arguments: ["plain", "with space", "it's", "'", "", #"$HOME `x` \ "q""#])
    func quoting(word: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = ["-c", "printf %s " + ShellQuoting.quoted(word)]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        process.waitUntilExit()
        #expect(String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self) == word)
    }

    @Test("an empty command starts nothing")
    func empty() {
        #expect(TestLaunch.plan(command: [], isolation: .none, worktree: "/w", parentEnvironment: [:]) == nil)
    }

    static let settings = RemediationSettings(testCommand: ["make", "test"], testNetwork: true, testReadOnlyPaths: ["/opt/x"])
    static let allowed = RemediationSettings(testCommand: ["make", "test"], unsandboxedTests: true)

    @Test(
        "the gate uses a sandbox whenever there is one, runs on the host only when allowed, and refuses otherwise",
        arguments: [
            ("sandbox", TestSandbox.bubblewrap(executable: "/usr/bin/bwrap"), settings, "sandboxed"),
            ("sandbox, unsandboxed allowed", TestSandbox.bubblewrap(executable: "/usr/bin/bwrap"), allowed, "sandboxed"),
            ("no sandbox", TestSandbox.unavailable(reason: "no user namespaces"), settings, "refused"),
            ("no sandbox, unsandboxed allowed", TestSandbox.unavailable(reason: "no user namespaces"), allowed, "unsandboxed"),
            ("exec sidecar", TestSandbox.execSidecar(shim: "/usr/local/bin/warden", socket: "/run/exec.sock"), settings, "sidecar"),
            ("exec sidecar, unsandboxed allowed", TestSandbox.execSidecar(shim: "/usr/local/bin/warden", socket: "/run/exec.sock"), allowed, "sidecar"),
        ]
    )
    func decision(_ name: String, _ sandbox: TestSandbox, _ settings: RemediationSettings, _ expected: String) {
        switch sandbox.decision(for: settings, hiding: ["/etc/warden.toml"]) {
        case .run(.bubblewrap(let executable, let network, let paths, let hidden), let warning):
            #expect(expected == "sandboxed", "\(name)")
            #expect(executable == "/usr/bin/bwrap" && network == settings.testNetwork && paths == settings.testReadOnlyPaths && warning == nil)
            #expect(hidden == ["/etc/warden.toml"])
        case .run(.none, let warning):
            #expect(expected == "unsandboxed", "\(name)")
            #expect(warning?.contains("WITHOUT a sandbox") == true && warning?.contains("no user namespaces") == true)
        case .run(.execSidecar(let shim, let socket), let warning):
            #expect(expected == "sidecar", "\(name)")
            #expect(shim == "/usr/local/bin/warden" && socket == "/run/exec.sock" && warning == nil)
        case .refuse(let reason):
            #expect(expected == "refused", "\(name)")
            #expect(reason.contains("no user namespaces") && reason.contains("remediate.unsandboxed_tests"))
        }
    }
}
