import ArgumentParser
import Foundation
import Logging
import WardenCore

/// Options every subcommand that reads configuration accepts.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: "Path of warden.toml (default: $WARDEN_CONFIG, else none).")
    var config: String?

    /// Reads the file and the process environment against every registered setting, or exits 78 with the reason.
    func loadValues() throws -> ConfigurationValues {
        try LoadedConfiguration.exitOnError("warden") { () throws(ConfigurationError) in
            try ConfigurationLoader.values(configPath: config, environment: ProcessInfo.processInfo.environment, registry: SettingsCatalog.registry)
        }
    }

    /// Loads the configuration, bootstraps logging and logs the loader's warnings, or exits 78 with the reason.
    func loadConfiguration() throws -> LoadedConfiguration {
        let values = try loadValues()
        let core = try LoadedConfiguration.exitOnError("warden") { () throws(ConfigurationError) in try WardenConfiguration(from: values) }
        LoggingBootstrap.bootstrap(core.log)
        let logger = Logger(label: "warden.config")
        for warning in values.warnings {
            logger.warning("\(warning)")
        }
        return LoadedConfiguration(core: core, values: values)
    }
}
