import ArgumentParser
import Foundation
import WardenCore

/// The core configuration and the layers every system reads its own settings from.
struct LoadedConfiguration {
    /// The core settings.
    let core: WardenConfiguration
    /// The layers, checked against ``SettingsCatalog/registry``.
    let values: ConfigurationValues

    /// Reads a system's settings, or exits 78 with the reason.
    func read<Settings>(_ read: (ConfigurationValues) throws(ConfigurationError) -> Settings) throws -> Settings {
        try Self.exitOnError("warden") { () throws(ConfigurationError) in try read(values) }
    }

    /// Runs `body`; a ``ConfigurationError`` is written to standard error and ends the command with exit status 78
    /// (`EX_CONFIG`).
    static func exitOnError<Result>(_ command: String, _ body: () throws(ConfigurationError) -> Result) throws -> Result {
        do {
            return try body()
        } catch {
            FileHandle.standardError.write(Data("\(command): \(error)\n".utf8))
            throw ExitCode(78)
        }
    }
}

extension LoadedConfiguration {
    /// The codex binary a benchmark runs: `explicit` (its `--codex` flag), else `codex.bin` as configured (environment
    /// and `WARDEN_CONFIG`'s file), else the bundled binary or `codex` on `PATH`; exits 78 on an invalid setting.
    static func codexBinary(_ explicit: String?) throws -> String {
        if let explicit { return explicit }
        // Parsed from no arguments: a plain `GlobalOptions()` leaves `--config` undecoded, and reading it fails.
        let values = try GlobalOptions.parse([]).loadValues()
        return try exitOnError("warden bench") { () throws(ConfigurationError) in try WardenConfiguration(from: values).codex.binary }
    }
}
