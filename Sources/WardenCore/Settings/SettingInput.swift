/// A value one layer gave a setting, before its type reads it.
public struct SettingInput: Sendable {
    /// The value as the layer holds it.
    public enum Raw: Sendable, Equatable {
        /// Text from an environment variable or a secret file.
        case text(String)
        /// A value from `warden.toml`, typed as the file wrote it.
        case toml(TOMLValue)
    }

    /// The value.
    public let raw: Raw
    /// The variable (`WARDEN_CODEX_SEATS`) or file key (`codex.seats`) it came from, named in errors.
    public let origin: String
    /// The working directory that relative paths are resolved against.
    public let workingDirectory: String

    /// An input from one layer.
    public init(raw: Raw, origin: String, workingDirectory: String) {
        self.raw = raw
        self.origin = origin
        self.workingDirectory = workingDirectory
    }

    /// The input as text: environment text, or a TOML string (and, where `integers` allows, a TOML integer).
    ///
    /// - Throws: ``ConfigurationError`` naming the origin when the file holds another type.
    public func text(expected: String, integers: Bool = false) throws(ConfigurationError) -> String {
        switch raw {
        case .text(let text), .toml(.string(let text)):
            return text
        case .toml(.integer(let number)) where integers:
            return String(number)
        case .toml(let other):
            throw .invalidValue(key: origin, problem: "is \(other.typeName)", expected: expected)
        }
    }

    /// An error for this input: `<origin> is "<text>"` (or a problem without the value when `echo` is false).
    public func invalid(_ problem: String, expected: String) -> ConfigurationError {
        .invalidValue(key: origin, problem: problem, expected: expected)
    }

    /// The value quoted for an error message, shortened and escaped.
    public var quoted: String {
        switch raw {
        case .text(let text), .toml(.string(let text)): "\"\(text.escapedForMessage)\""
        case .toml(let other): other.typeName
        }
    }
}
