/// A TOML document that does not parse: the line and what is wrong there.
public struct TOMLError: Error, Sendable, Equatable, CustomStringConvertible {
    private enum Code: String, Sendable {
        case syntax
        case duplicateKey = "duplicate_key"
        case unsupported
    }

    private let code: Code
    /// The 1-based line the problem was found on.
    public let line: Int
    /// What is wrong, as a phrase ("duplicate key \"port\"").
    public let reason: String

    private init(code: Code, line: Int, reason: String) {
        self.code = code
        self.line = line
        self.reason = reason
    }

    /// Text that is not valid TOML.
    static func syntax(_ reason: String, line: Int) -> Self {
        Self(code: .syntax, line: line, reason: reason)
    }

    /// A key or table defined twice, or a table reopened in a way TOML forbids.
    static func duplicateKey(_ reason: String, line: Int) -> Self {
        Self(code: .duplicateKey, line: line, reason: reason)
    }

    /// Valid TOML that Warden's dialect leaves out (dates and times).
    static func unsupported(_ reason: String, line: Int) -> Self {
        Self(code: .unsupported, line: line, reason: reason)
    }

    /// A short, low-cardinality form for metric labels.
    public var metricLabel: String { code.rawValue }

    public var description: String { "TOML error on line \(line): \(reason)" }
}
