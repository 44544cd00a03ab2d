import CLinuxSecurity

/// What a seccomp filter returns for a system call: the `SECCOMP_RET_*` value, with an errno where it has one.
public struct SeccompAction: Sendable, Hashable, CustomStringConvertible {
    /// The 32-bit return value of the BPF program.
    public let rawValue: UInt32

    /// An action from the program's return value.
    public init(rawValue: UInt32) {
        self.rawValue = rawValue
    }

    /// Let the call through.
    public static let allow = SeccompAction(rawValue: UInt32(SECCOMP_RET_ALLOW))
    /// Kill the whole process (a foreign architecture: a filter for one ABI cannot judge another's numbers).
    public static let killProcess = SeccompAction(rawValue: UInt32(SECCOMP_RET_KILL_PROCESS))

    /// Fail the call with `errno` without running it.
    public static func error(_ errno: Int32) -> SeccompAction {
        SeccompAction(rawValue: UInt32(SECCOMP_RET_ERRNO) | (UInt32(errno) & UInt32(SECCOMP_RET_DATA)))
    }

    /// The action part (`SECCOMP_RET_ACTION_FULL`) without its data.
    public var kind: UInt32 { rawValue & UInt32(SECCOMP_RET_ACTION_FULL) }

    /// The errno an ``error(_:)`` action sets, else `nil`.
    public var errno: Int32? {
        kind == UInt32(SECCOMP_RET_ERRNO) ? Int32(rawValue & UInt32(SECCOMP_RET_DATA)) : nil
    }

    /// `allow`, `kill-process`, `errno <n> (<name>)` or the raw value.
    public var description: String {
        if self == .allow { return "allow" }
        if self == .killProcess { return "kill-process" }
        if let errno { return "errno \(errno) (\(Self.errnoName(errno)))" }
        return "action 0x\(String(rawValue, radix: 16))"
    }

    private static func errnoName(_ errno: Int32) -> String {
        switch errno {
        case 1: "EPERM"
        case 13: "EACCES"
        case 38: "ENOSYS"
        default: "errno"
        }
    }
}
