import Glibc

/// Why the seccomp filter could not be put in place.
public struct SeccompError: Error, Sendable, Hashable, CustomStringConvertible {
    private enum Code: Sendable, Hashable {
        case unsupportedArchitecture
        case noNewPrivileges(Int32)
        case installFailed(Int32)
        case execFailed(String, Int32)
    }

    private let code: Code

    private init(_ code: Code) {
        self.code = code
    }

    /// The machine is neither x86_64 nor aarch64.
    public static let unsupportedArchitecture = SeccompError(.unsupportedArchitecture)

    /// `prctl(PR_SET_NO_NEW_PRIVS)` failed with `errno`.
    public static func noNewPrivileges(errno: Int32) -> SeccompError { SeccompError(.noNewPrivileges(errno)) }

    /// `seccomp(SECCOMP_SET_MODE_FILTER)` failed with `errno` (a kernel without seccomp, or a malformed program).
    public static func installFailed(errno: Int32) -> SeccompError { SeccompError(.installFailed(errno)) }

    /// `execve` of `path` failed with `errno` after the filter was installed.
    public static func execFailed(path: String, errno: Int32) -> SeccompError { SeccompError(.execFailed(path, errno)) }

    /// Whether the failure is that the program to run was not found (a shell then exits 127, else 126).
    public var isNotFound: Bool {
        if case .execFailed(_, let number) = code { return number == ENOENT }
        return false
    }

    /// A sentence for operators.
    public var description: String {
        switch code {
        case .unsupportedArchitecture:
            "The seccomp filter supports only x86_64 and aarch64; refusing to run the command unfiltered."
        case .noNewPrivileges(let number):
            "Setting no_new_privs failed (\(Self.text(number))); refusing to run the command unfiltered."
        case .installFailed(let number):
            "Installing the seccomp filter failed (\(Self.text(number))); refusing to run the command unfiltered."
        case .execFailed(let path, let number):
            "Running \(path) under the seccomp filter failed (\(Self.text(number)))."
        }
    }

    /// A short, low-cardinality label for metrics.
    public var metricLabel: String {
        switch code {
        case .unsupportedArchitecture: "unsupported_architecture"
        case .noNewPrivileges: "no_new_privs"
        case .installFailed: "install_failed"
        case .execFailed: "exec_failed"
        }
    }

    private static func text(_ number: Int32) -> String {
        String(cString: strerror(number))
    }
}
