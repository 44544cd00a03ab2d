import ArgumentParser
import ExecSidecar
import Foundation
import Glibc
import Hardening
import Logging
import WardenCore

/// `warden exec-server`: runs the model's shell commands, sent by `warden exec-shim`, under seccomp.
struct ExecServerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "exec-server",
        abstract: "Runs the model's shell commands under seccomp.",
        discussion: """
            Reads the [exec] settings (WARDEN_EXEC_SOCKET, WARDEN_EXEC_WORKSPACE, WARDEN_EXEC_ALLOWED_UIDS (default:
            this uid), WARDEN_EXEC_ALLOWED_GIDS, WARDEN_EXEC_TIMEOUT, WARDEN_EXEC_REQUEST_TIMEOUT; `warden config docs`
            lists them). Stops on SIGTERM or SIGINT.
            """
    )

    @OptionGroup var options: GlobalOptions

    @Flag(name: .long, help: "Print the seccomp filter for this machine (or --arch) in readable form and exit.")
    var printFilter = false

    @Option(name: .long, help: "With --print-filter: the architecture, x86_64 or aarch64.")
    var arch: String?

    func run() async throws {
        if printFilter {
            let architecture = try arch.map { name in
                guard let architecture = SeccompArchitecture(rawValue: name) else {
                    throw ValidationError("--arch must be x86_64 or aarch64, not \(name)")
                }
                return architecture
            } ?? SeccompArchitecture.current
            guard let architecture else { throw ValidationError("this machine's architecture has no seccomp filter") }
            print(SeccompFilter(architecture: architecture).listing)
            return
        }
        do {
            _ = try ProcessHardening.applyPreMain()
        } catch {
            FileHandle.standardError.write(Data("warden exec-server: \(error)\n".utf8))
            throw ExitCode(error.exitStatus)
        }
        signal(SIGPIPE, SIG_IGN)
        let values = try options.loadValues()
        let settings = try LoadedConfiguration.exitOnError("warden exec-server") { () throws(ConfigurationError) in
            try ExecSettings.server(from: values)
        }
        let logger = Logger(label: "warden.exec")
        let server = try ExecServer(settings: settings, launcherPath: try Self.ownExecutable(), logger: logger)
        try await Self.untilTerminated { try await server.run() }
    }

    /// This binary's path, which the server runs as the seccomp launcher for each command.
    private static func ownExecutable() throws -> String {
        let path = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")
        guard path.hasPrefix("/") else { throw ValidationError("cannot resolve /proc/self/exe") }
        return path
    }

    /// Runs `body` until SIGTERM or SIGINT arrives, then cancels it and waits for it to finish.
    private static func untilTerminated(_ body: @escaping @Sendable () async throws -> Void) async throws {
        let signals = TerminationSignals()
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await body() }
            tasks.addTask { _ = await signals.next() }
            try await tasks.next()
            tasks.cancelAll()
            try await tasks.waitForAll()
        }
    }
}
