import Glibc

/// A hardening step that failed; the process must not go on to hold a secret.
public struct ProcessHardeningError: Error, Sendable, CustomStringConvertible, Equatable {
    private enum Code: String, Sendable {
        case nondumpable = "nondumpable"
        case coreLimit = "core_limit"
    }

    private let code: Code
    /// The `errno` the system call left.
    public let errorNumber: Int32

    private init(code: Code, errorNumber: Int32) {
        self.code = code
        self.errorNumber = errorNumber
    }

    /// `prctl(PR_SET_DUMPABLE, 0)` failed.
    public static func nondumpable(errorNumber: Int32) -> Self {
        Self(code: .nondumpable, errorNumber: errorNumber)
    }

    /// `setrlimit(RLIMIT_CORE, 0)` failed.
    public static func coreLimit(errorNumber: Int32) -> Self {
        Self(code: .coreLimit, errorNumber: errorNumber)
    }

    /// The exit status upstream's `process-hardening` uses for this failure: 5 for prctl, 7 for setrlimit.
    public var exitStatus: Int32 {
        switch code {
        case .nondumpable: 5
        case .coreLimit: 7
        }
    }

    /// A short, low-cardinality form for metric labels.
    public var metricLabel: String { code.rawValue }

    public var description: String {
        let reason = String(cString: strerror(errorNumber))
        return switch code {
        case .nondumpable: "prctl(PR_SET_DUMPABLE, 0) failed: \(reason)"
        case .coreLimit: "setrlimit(RLIMIT_CORE, 0) failed: \(reason)"
        }
    }
}
