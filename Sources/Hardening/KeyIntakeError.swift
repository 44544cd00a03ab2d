import Glibc

/// Why the API key could not be taken from standard input; the messages are upstream's.
public struct KeyIntakeError: Error, Sendable, CustomStringConvertible, Equatable {
    private enum Code: String, Sendable {
        case empty = "empty"
        case tooLarge = "too_large"
        case invalidCharacter = "invalid_character"
        case readFailed = "read_failed"
        case memoryUnavailable = "memory_unavailable"
    }

    private let code: Code
    private let errorNumber: Int32
    private let commandName: String

    private init(code: Code, errorNumber: Int32 = 0, commandName: String = "") {
        self.code = code
        self.errorNumber = errorNumber
        self.commandName = commandName
    }

    /// Nothing but line endings (or nothing at all) arrived before the newline or end of input.
    /// - Parameter commandName: The command to show in the usage example (`warden responses-proxy`).
    public static func empty(commandName: String) -> Self { Self(code: .empty, commandName: commandName) }

    /// The key and prefix fill the whole buffer without a newline or end of input.
    public static let tooLarge = Self(code: .tooLarge)

    /// A byte outside `[A-Za-z0-9_-]` (including non-ASCII and NUL).
    public static let invalidCharacter = Self(code: .invalidCharacter)

    /// `read(2)` failed with something other than `EINTR`.
    public static func readFailed(errorNumber: Int32) -> Self { Self(code: .readFailed, errorNumber: errorNumber) }

    /// The locked buffer could not be mapped.
    public static func memoryUnavailable(errorNumber: Int32) -> Self { Self(code: .memoryUnavailable, errorNumber: errorNumber) }

    /// A short, low-cardinality form for metric labels.
    public var metricLabel: String { code.rawValue }

    public var description: String {
        switch code {
        case .empty:
            "API key must be provided via stdin (e.g. printenv OPENAI_API_KEY | \(commandName))"
        case .tooLarge:
            "API key is too large to fit in the \(KeyIntake.bufferSize)-byte buffer"
        case .invalidCharacter:
            "API key may only contain ASCII letters, numbers, '-' or '_'"
        case .readFailed:
            "failed to read API key from stdin: \(String(cString: strerror(errorNumber)))"
        case .memoryUnavailable:
            "cannot map memory for the API key: \(String(cString: strerror(errorNumber)))"
        }
    }
}
