import ArgumentParser
import Foundation
import WardenCore

/// `warden config show|check|docs`: the effective configuration, its validation, and the documentation tables.
struct ConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Show or check the effective configuration, or print the settings tables of the README.",
        subcommands: [Show.self, Check.self, Docs.self]
    )

    /// `warden config show [--json]`.
    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print every setting's effective value and where it came from (default, file, environment); secrets as <redacted>."
        )

        @OptionGroup var options: GlobalOptions

        @Flag(help: "One JSON array: {key, variable, value, source, secret} per setting, every key present (value null when unset).")
        var json = false

        func run() throws {
            let values = try options.loadValues()
            let entries = try LoadedConfiguration.exitOnError("warden config show") { () throws(ConfigurationError) in
                try EffectiveSetting.all(in: values)
            }
            if json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
                print(String(decoding: try encoder.encode(entries), as: UTF8.self))
            } else {
                let width = entries.map(\.key.count).max() ?? 0
                for entry in entries {
                    let padded = entry.key.padding(toLength: width, withPad: " ", startingAt: 0)
                    print("\(padded)  \(entry.value ?? "(unset)")  [\(entry.source.rawValue)]")
                }
            }
        }
    }

    /// `warden config check`.
    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Validate the file and the environment: exit 0 when every setting is valid, 78 with the reason otherwise."
        )

        @OptionGroup var options: GlobalOptions

        func run() throws {
            let values = try options.loadValues()
            _ = try LoadedConfiguration.exitOnError("warden config check") { () throws(ConfigurationError) in
                try EffectiveSetting.all(in: values)
            }
            for warning in values.warnings {
                FileHandle.standardError.write(Data("warden config check: warning: \(warning)\n".utf8))
            }
            print("configuration is valid")
        }
    }

    /// `warden config docs`.
    struct Docs: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the README's settings tables, generated from the settings registries."
        )

        func run() {
            print(SettingsDocumentation.markdown(SettingsCatalog.registry), terminator: "")
        }
    }
}
