#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Loads settings from `warden.toml`, `WARDEN_*` variables and defaults.
///
/// Precedence is environment, then file, then default. Keys in the file that no registered setting declares are
/// errors (with the nearest key suggested), because there they can only be typos; `WARDEN_*` variables that are not
/// settings are ignored, because other tools share the prefix, but one within a few edits of a setting's variable is
/// reported in ``ConfigurationValues/warnings``.
public enum ConfigurationLoader {
    /// The environment variable naming the configuration file when `--config` is not given.
    public static let configPathEnvironmentName = "WARDEN_CONFIG"

    /// Reads the file and the environment and checks them against `registry`.
    ///
    /// Pure given its inputs, except that it reads the configuration file; `*_FILE` secret files are read when a
    /// setting is.
    /// - Parameters:
    ///   - configPath: the file from `--config`; when `nil`, `WARDEN_CONFIG` from `environment`; when both are
    ///     absent there is no file.
    ///   - environment: the environment variables.
    ///   - host: facts about the machine that some defaults depend on.
    ///   - registry: every setting the command knows.
    /// - Returns: the layers, ready for each module to read its settings from.
    /// - Throws: ``ConfigurationError`` for an unreadable or malformed file or an unknown key.
    public static func values(
        configPath: String?,
        environment: [String: String],
        host: ConfigurationHost = .current,
        registry: SettingsRegistry
    ) throws(ConfigurationError) -> ConfigurationValues {
        let pathKey = configPath == nil ? configPathEnvironmentName : "--config"
        var file: [String: TOMLValue] = [:]
        let path = configPath ?? environment[configPathEnvironmentName].flatMap { $0.isEmpty ? nil : $0 }
        if let path {
            let text = try readTextFile(atPath: PathResolution.absolute(path, in: host.currentDirectory), key: pathKey)
            do {
                file = try TOMLParser.parse(text)
            } catch {
                throw .malformedFile(path: path, line: error.line, reason: error.reason)
            }
        }
        return ConfigurationValues(
            environment: environment,
            fileSettings: try registry.flatten(file, filePath: path),
            registry: registry,
            host: host
        )
    }

    /// Loads and validates the core configuration, against the core settings alone.
    ///
    /// - Parameters: as ``values(configPath:environment:host:registry:)``.
    /// - Returns: the validated configuration.
    /// - Throws: ``ConfigurationError`` naming the key or variable at fault, the problem and the accepted form.
    public static func load(
        configPath: String?,
        environment: [String: String],
        host: ConfigurationHost = .current,
        registry: SettingsRegistry = WardenConfiguration.Registry.registry
    ) throws(ConfigurationError) -> WardenConfiguration {
        try WardenConfiguration(from: values(configPath: configPath, environment: environment, host: host, registry: registry))
    }

    /// Reads a UTF-8 text file named by a setting.
    ///
    /// - Parameters:
    ///   - path: the file.
    ///   - key: the variable or key that named it, for the error.
    /// - Throws: ``ConfigurationError/unreadableFile(key:path:reason:)``.
    static func readTextFile(atPath path: String, key: String) throws(ConfigurationError) -> String {
        guard !path.isEmpty else {
            throw .invalidValue(key: key, problem: "is empty", expected: "the path of a readable file")
        }
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw .unreadableFile(key: key, path: path.escapedForMessage, reason: Self.reason(error))
        }
        guard let text = String(validating: data, as: UTF8.self) else {
            throw .unreadableFile(key: key, path: path.escapedForMessage, reason: "it is not UTF-8 text")
        }
        return text
    }

    private static func reason(_ error: any Error) -> String {
        if let cocoa = error as? CocoaError {
            switch cocoa.code {
            case .fileReadNoSuchFile, .fileNoSuchFile: return "no such file"
            case .fileReadNoPermission: return "permission denied"
            default: break
            }
        }
        return "\(error)"
    }
}
