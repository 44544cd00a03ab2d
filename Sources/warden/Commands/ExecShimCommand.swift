import ArgumentParser
import ExecSidecar
import Foundation
import Hardening
import WardenCore

/// `warden exec-shim`: forwards a shell invocation to the exec server; installed as `bash` and `sh`.
///
/// `warden exec-shim ARGS…` behaves like `bash ARGS…` run through the server; invoked under the name `bash` or
/// `sh` (a link, a copy, a bind mount over `/bin/bash`, or a login shell in `/etc/passwd`) it does the same
/// without the subcommand. `warden exec-shim --seccomp-exec -- ARGV…` is the server's side: it installs the
/// seccomp filter on itself and executes ARGV.
struct ExecShimCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "exec-shim",
        abstract: "Forwards a shell invocation to the exec server.",
        discussion: """
            Usage: warden exec-shim [-lc COMMAND | ARGS…]   (as bash; also installed as `bash` and `sh`)
                   warden exec-shim --seccomp-exec -- PROGRAM ARGS…   (server side: filter, then execve)
            Reads WARDEN_EXEC_SOCKET (only the environment: it runs as the shell). Exits with the command's status, 128+signal when it was killed, and 126 when
            the exec server cannot be reached or refuses the command.
            """
    )

    /// The flag that selects the server-side step.
    static let seccompExecFlag = "--seccomp-exec"

    @Argument(parsing: .allUnrecognized, help: .hidden) var arguments: [String] = []

    func run() throws {
        if arguments.first == Self.seccompExecFlag {
            var program = Array(arguments.dropFirst())
            if program.first == "--" { program.removeFirst() }
            Self.executeFiltered(program)
        }
        var shellArguments = arguments
        if shellArguments.first == "--" { shellArguments.removeFirst() }
        Self.forward(shell: "bash", arguments: shellArguments)
    }

    /// When this process was started as `bash` or `sh`, runs as the shim and exits; otherwise returns.
    static func runIfInvokedAsShell() {
        guard let invokedAs = CommandLine.arguments.first?.split(separator: "/").last.map(String.init),
            invokedAs == "bash" || invokedAs == "sh"
        else { return }
        forward(shell: invokedAs, arguments: Array(CommandLine.arguments.dropFirst()))
    }

    /// Sends `shell arguments…` to the exec server and exits with the command's status.
    private static func forward(shell: String, arguments: [String]) -> Never {
        let environment = ProcessInfo.processInfo.environment
        let settings: ExecSettings
        do {
            let values = try ConfigurationLoader.values(configPath: nil, environment: environment, registry: SettingsRegistry(ExecSettings.Registry.all))
            settings = try ExecSettings.shim(from: values)
        } catch {
            FileHandle.standardError.write(Data("warden exec-shim: \(error)\n".utf8))
            Foundation.exit(ExecShim.cannotRunStatus)
        }
        let status = ExecShim(socketPath: settings.socketPath).run(
            argv: [shell] + arguments,
            workingDirectory: FileManager.default.currentDirectoryPath,
            environment: environment
        )
        Foundation.exit(status)
    }

    /// Installs the seccomp filter and executes `program`; exits 126 (127 when not found) if either fails.
    private static func executeFiltered(_ program: [String]) -> Never {
        guard !program.isEmpty else {
            FileHandle.standardError.write(Data("warden exec-shim: --seccomp-exec needs a program after --\n".utf8))
            Foundation.exit(ExecShim.cannotRunStatus)
        }
        let failure = SeccompExec.execute(program)
        FileHandle.standardError.write(Data("warden exec-shim: \(failure)\n".utf8))
        Foundation.exit(failure.isNotFound ? 127 : ExecShim.cannotRunStatus)
    }
}
