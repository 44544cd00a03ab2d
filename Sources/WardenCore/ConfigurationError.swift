/// A configuration value Warden cannot start with: names the key, the problem and the accepted form.
public struct ConfigurationError: Error, Sendable, CustomStringConvertible, Equatable {
    private enum Code: String, Sendable {
        case invalidValue = "invalid_value"
        case missingValue = "missing_value"
        case unreadableFile = "unreadable_file"
        case malformedFile = "malformed_file"
    }

    private let code: Code
    /// The configuration key (`codex.sandbox_mode`) or variable (`WARDEN_SANDBOX_MODE`) at fault.
    public let key: String
    /// What is wrong with the value, without echoing secrets.
    public let problem: String
    /// The accepted form, for the operator.
    public let expected: String?

    private init(code: Code, key: String, problem: String, expected: String?) {
        self.code = code
        self.key = key
        self.problem = problem
        self.expected = expected
    }

    /// A value that is present but not acceptable.
    public static func invalidValue(key: String, problem: String, expected: String?) -> Self {
        Self(code: .invalidValue, key: key, problem: problem, expected: expected)
    }

    /// A required value that is absent.
    public static func missingValue(key: String, expected: String?) -> Self {
        Self(code: .missingValue, key: key, problem: "is required but not set", expected: expected)
    }

    /// A file named by configuration (`--config`, `*_FILE`) that cannot be read.
    public static func unreadableFile(key: String, path: String, reason: String) -> Self {
        Self(code: .unreadableFile, key: key, problem: "cannot read \(path): \(reason)", expected: nil)
    }

    /// A configuration file that does not parse.
    public static func malformedFile(path: String, line: Int, reason: String) -> Self {
        Self(code: .malformedFile, key: path, problem: "line \(line): \(reason)", expected: nil)
    }

    /// A short, low-cardinality form for metric labels.
    public var metricLabel: String { code.rawValue }

    public var description: String {
        var text = "invalid configuration: \(key) \(problem)"
        if let expected { text += " (expected \(expected))" }
        return text
    }
}

extension String {
    /// The string with control characters and quotes escaped, shortened, for quoting in an error message.
    package var escapedForMessage: String {
        var result = ""
        for scalar in unicodeScalars.prefix(80) {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F: result += "\\u{\(String(scalar.value, radix: 16))}"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return unicodeScalars.count > 80 ? result + "…" : result
    }
}
