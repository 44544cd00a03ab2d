/// The process the gate starts for the test command: what to execute, with which arguments and environment.
///
/// A pure plan, so what reaches the child is tested without starting one.
struct TestLaunch: Sendable, Equatable {
    /// The variables passed on from Warden's environment; nothing else is (no token, no `WARDEN_*`, no `CODEX_HOME`).
    static let passedVariables = ["PATH", "LANG", "LC_ALL", "TZ"]
    /// The variable `warden exec-shim` finds the exec server's socket in (the exec sidecar's `exec.socket` setting).
    static let execSocketVariable = "WARDEN_EXEC_SOCKET"

    /// The program: a path, or a name looked up in `PATH`.
    var executable: String
    /// Its arguments.
    var arguments: [String]
    /// Its complete environment.
    var environment: [String: String]

    /// The launch of `command` in `worktree` under `isolation`.
    ///
    /// - Parameters:
    ///   - command: the test command's program and arguments.
    ///   - isolation: the sandbox, or none.
    ///   - worktree: where it runs.
    ///   - parentEnvironment: Warden's environment; only ``passedVariables`` are taken from it.
    /// - Returns: the plan, or `nil` for an empty command.
    static func plan(command: [String], isolation: TestIsolation, worktree: String, parentEnvironment: [String: String]) -> TestLaunch? {
        guard let program = command.first else { return nil }
        var environment: [String: String] = ["CI": "true"]
        for name in passedVariables {
            if let value = parentEnvironment[name] { environment[name] = value }
        }
        switch isolation {
        case .none:
            // On the host the test gets Warden's HOME: the operator accepted that with remediate.unsandboxed_tests.
            if let home = parentEnvironment["HOME"] { environment["HOME"] = home }
            return TestLaunch(executable: program, arguments: Array(command.dropFirst()), environment: environment)
        case .bubblewrap(let executable, let network, let readOnlyPaths, let hiddenFiles):
            environment["HOME"] = BubblewrapArguments.home
            environment["TMPDIR"] = "/tmp"
            let arguments = BubblewrapArguments.arguments(
                command: command, worktree: worktree, network: network, readOnlyPaths: readOnlyPaths, hiddenFiles: hiddenFiles,
                environment: environment
            )
            // bwrap itself needs nothing from the environment; --clearenv and --setenv give the test its own.
            return TestLaunch(executable: executable, arguments: arguments, environment: ["PATH": "/usr/bin:/bin"])
        case .execSidecar(let shim, let socket):
            // The shim runs as `bash -c …` on the exec server's side, in this working directory (the worktree, which the
            // exec container mounts at the same path), with this environment less what the server filters out.
            environment[Self.execSocketVariable] = socket
            return TestLaunch(executable: shim, arguments: ["exec-shim", "-c", ShellQuoting.command(command)], environment: environment)
        }
    }
}
