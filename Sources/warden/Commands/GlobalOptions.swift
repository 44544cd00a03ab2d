import ArgumentParser
import Foundation
import Logging
import WardenCore

/// Options every subcommand that reads configuration accepts.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: "Path of warden.toml (default: $WARDEN_CONFIG, else none).")
    var config: String?

    /// Loads configuration from the file and the process environment, bootstraps logging, or exits with the reason.
    func loadConfiguration() throws -> WardenConfiguration {
        let environment = ProcessInfo.processInfo.environment
        do {
            let configuration = try ConfigurationLoader.load(configPath: config ?? environment["WARDEN_CONFIG"], environment: environment)
            LoggingBootstrap.bootstrap(configuration.log)
            return configuration
        } catch {
            FileHandle.standardError.write(Data("warden: \(error)\n".utf8))
            throw ExitCode(78)  // EX_CONFIG
        }
    }
}
