import ArgumentParser
import Foundation

/// Says that a subcommand is not built yet and exits 2, so scripts fail loudly instead of doing nothing.
protocol NotYetBuiltCommand: ParsableCommand {}

extension NotYetBuiltCommand {
    func run() throws {
        FileHandle.standardError.write(Data("warden \(Self.configuration.commandName ?? ""): not built yet in this version of Warden\n".utf8))
        throw ExitCode(2)
    }
}

struct ReviewCommand: NotYetBuiltCommand {
    static let configuration = CommandConfiguration(commandName: "review", abstract: "Review one merge request in the foreground.")
    @Argument(parsing: .allUnrecognized, help: .hidden) var arguments: [String] = []
}

struct RemediateCommand: NotYetBuiltCommand {
    static let configuration = CommandConfiguration(commandName: "remediate", abstract: "Fix queued findings and open draft merge requests.")
    @Argument(parsing: .allUnrecognized, help: .hidden) var arguments: [String] = []
}

struct GatewayCommand: NotYetBuiltCommand {
    static let configuration = CommandConfiguration(commandName: "gateway", abstract: "OpenAI-compatible chat completions over codex app-server.")
    @Argument(parsing: .allUnrecognized, help: .hidden) var arguments: [String] = []
}

struct ResponsesProxyCommand: NotYetBuiltCommand {
    static let configuration = CommandConfiguration(commandName: "responses-proxy", abstract: "Key-injecting POST /v1/responses forwarder.")
    @Argument(parsing: .allUnrecognized, help: .hidden) var arguments: [String] = []
}

struct ExecServerCommand: NotYetBuiltCommand {
    static let configuration = CommandConfiguration(commandName: "exec-server", abstract: "Runs the model's shell commands under seccomp.")
    @Argument(parsing: .allUnrecognized, help: .hidden) var arguments: [String] = []
}

struct ExecShimCommand: NotYetBuiltCommand {
    static let configuration = CommandConfiguration(commandName: "exec-shim", abstract: "Forwards a shell invocation to the exec server.")
    @Argument(parsing: .allUnrecognized, help: .hidden) var arguments: [String] = []
}
