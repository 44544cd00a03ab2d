import Glibc

/// Memory for a secret could not be set up.
public struct LockedSecretBufferError: Error, Sendable, CustomStringConvertible, Equatable {
    private enum Code: String, Sendable {
        case mappingFailed = "mapping_failed"
    }

    private let code: Code
    /// The `errno` `mmap` left.
    public let errorNumber: Int32

    private init(code: Code, errorNumber: Int32) {
        self.code = code
        self.errorNumber = errorNumber
    }

    /// `mmap` refused the anonymous mapping.
    public static func mappingFailed(errorNumber: Int32) -> Self {
        Self(code: .mappingFailed, errorNumber: errorNumber)
    }

    /// A short, low-cardinality form for metric labels.
    public var metricLabel: String { code.rawValue }

    public var description: String {
        "cannot map memory for a secret: \(String(cString: strerror(errorNumber)))"
    }
}
