import ArgumentParser
import WardenCore

/// The `warden` command: argument parsing only; the modules do the work.
@main
struct Warden: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "warden",
        abstract: "Puts the OpenAI Codex CLI to work for a team, with credentials kept out of the model's reach.",
        version: WardenVersion.current,
        subcommands: [
            ServeCommand.self,
            ReviewCommand.self,
            RemediateCommand.self,
            GatewayCommand.self,
            ResponsesProxyCommand.self,
            ExecServerCommand.self,
            ExecShimCommand.self,
            DoctorCommand.self,
            UsageCommand.self,
            ConfigCommand.self,
            QueueCommand.self,
            StoreCommand.self,
            BenchCommand.self,
        ]
    )

    /// Runs as the exec shim when started as `bash` or `sh`; otherwise parses the command line as usual.
    static func main() async {
        ExecShimCommand.runIfInvokedAsShell()
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: error)
        }
    }
}
