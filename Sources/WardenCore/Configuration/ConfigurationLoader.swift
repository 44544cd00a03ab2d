#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Builds a ``WardenConfiguration`` from `warden.toml`, `WARDEN_*` variables and defaults.
///
/// Precedence is environment, then file, then default. Environment variables starting with `WARDEN_`
/// that are not settings are ignored, because other tools share the prefix; keys in the file that are
/// not settings are errors, because there they can only be typos.
public enum ConfigurationLoader {
    /// Loads and validates the configuration.
    ///
    /// Pure given its inputs, except that it reads the configuration file and `*_FILE` secret files.
    /// - Parameters:
    ///   - configPath: the file from `--config`; when `nil`, `WARDEN_CONFIG` from `environment`; when both
    ///     are absent there is no file.
    ///   - environment: the environment variables.
    ///   - host: facts about the machine that some defaults depend on.
    /// - Returns: the validated configuration.
    /// - Throws: ``ConfigurationError`` naming the key or variable at fault, the problem and the accepted form.
    public static func load(
        configPath: String?,
        environment: [String: String],
        host: ConfigurationHost = .current
    ) throws(ConfigurationError) -> WardenConfiguration {
        let pathKey = configPath == nil ? ConfigurationKey.configPathEnvironmentName : "--config"
        var file: [String: TOMLValue] = [:]
        let path = configPath ?? environment[ConfigurationKey.configPathEnvironmentName]
        if let path {
            let text = try readTextFile(atPath: path, key: pathKey)
            do {
                file = try TOMLParser.parse(text)
            } catch {
                throw .malformedFile(path: path, line: error.line, reason: error.reason)
            }
        }
        let sources = try ConfigurationSources(environment: environment, file: file, filePath: path)
        return try WardenConfiguration(from: sources, host: host)
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
