import CLinuxSecurity

/// A CPU architecture the seccomp filter knows: its audit architecture value and the numbers of the system
/// calls the filter treats specially.
///
/// The numbers come from the kernel's syscall tables (`arch/x86/entry/syscalls/syscall_64.tbl` and the generic
/// table aarch64 uses); they are the only architecture-specific part of the filter.
public enum SeccompArchitecture: String, Sendable, CaseIterable, CustomStringConvertible {
    /// 64-bit x86 (`AUDIT_ARCH_X86_64`); x32 calls share its audit value and are told apart by bit 30 of `nr`.
    case x86_64
    /// 64-bit ARM (`AUDIT_ARCH_AARCH64`).
    case aarch64

    /// The architecture this process runs on, or `nil` on one the filter does not support.
    public static var current: SeccompArchitecture? {
        #if arch(x86_64)
        return .x86_64
        #elseif arch(arm64)
        return .aarch64
        #else
        return nil
        #endif
    }

    /// The value the kernel puts in `seccomp_data.arch` for native system calls.
    public var auditArchitecture: UInt32 {
        switch self {
        case .x86_64: WARDEN_AUDIT_ARCH_X86_64
        case .aarch64: WARDEN_AUDIT_ARCH_AARCH64
        }
    }

    /// Whether the architecture has the x32 ABI, whose calls carry `nr | 0x40000000` under the native audit value.
    public var hasX32ABI: Bool { self == .x86_64 }

    /// The number of a system call on this architecture.
    public func number(of call: SeccompSystemCall) -> UInt32 {
        switch (self, call) {
        case (.x86_64, .socket): 41
        case (.x86_64, .socketpair): 53
        case (.x86_64, .ptrace): 101
        case (.x86_64, .processVMReadv): 310
        case (.x86_64, .processVMWritev): 311
        case (.aarch64, .socket): 198
        case (.aarch64, .socketpair): 199
        case (.aarch64, .ptrace): 117
        case (.aarch64, .processVMReadv): 270
        case (.aarch64, .processVMWritev): 271
        case (_, .ioURingSetup): 425
        case (_, .ioURingEnter): 426
        case (_, .ioURingRegister): 427
        case (_, .pidfdGetfd): 438
        }
    }

    /// The architecture's name, as `uname -m` prints it.
    public var description: String { rawValue }
}

/// The system calls the seccomp filter names.
public enum SeccompSystemCall: String, Sendable, CaseIterable {
    /// `socket(2)`: AF_UNIX is refused so the model cannot reach the exec server's (or any) unix socket.
    case socket
    /// `socketpair(2)`: allowed (an already-connected pair cannot reach a listener); named for tests.
    case socketpair
    /// `ptrace(2)`: refused; it would give full control of an unfiltered process of the same user.
    case ptrace
    /// `process_vm_readv(2)`: refused; it reads another process's memory.
    case processVMReadv = "process_vm_readv"
    /// `process_vm_writev(2)`: refused; it writes another process's memory.
    case processVMWritev = "process_vm_writev"
    /// `io_uring_setup(2)`: refused; `IORING_OP_SOCKET` creates sockets without calling `socket(2)`.
    case ioURingSetup = "io_uring_setup"
    /// `io_uring_enter(2)`: refused with the other io_uring calls.
    case ioURingEnter = "io_uring_enter"
    /// `io_uring_register(2)`: refused with the other io_uring calls.
    case ioURingRegister = "io_uring_register"
    /// `pidfd_getfd(2)`: refused; it copies a descriptor (the server's listening socket) out of another process.
    case pidfdGetfd = "pidfd_getfd"
}
