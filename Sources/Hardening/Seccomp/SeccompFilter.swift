import CLinuxSecurity
import Glibc

/// The seccomp filter every command of the exec sidecar runs under, built as a classic-BPF program.
///
/// The policy allows everything except:
/// - a foreign audit architecture (i386 `int 0x80` on x86_64, say): the process is killed, because this
///   program's syscall numbers mean nothing there;
/// - x32 calls on x86_64 (`nr` ≥ `0x40000000`): `ENOSYS`;
/// - `socket(AF_UNIX, …)`: `EACCES`, comparing only the low 32 bits of `domain` as the kernel does (a filter
///   that compared 64 bits would let `socket(0x1_00000001, …)` through);
/// - `io_uring_setup/enter/register` (which create sockets without `socket(2)`), `ptrace`,
///   `process_vm_readv/writev` and `pidfd_getfd`: `EPERM`.
public struct SeccompFilter: Sendable, Hashable {
    /// The architecture the program is for.
    public let architecture: SeccompArchitecture
    /// The BPF program.
    public let instructions: [SeccompInstruction]

    /// The system calls refused with `EPERM`.
    public static let deniedCalls: [SeccompSystemCall] = [
        .ioURingSetup, .ioURingEnter, .ioURingRegister, .ptrace, .processVMReadv, .processVMWritev, .pidfdGetfd,
    ]

    /// The first system call number of the x32 ABI (`__X32_SYSCALL_BIT`).
    public static let x32SystemCallBit: UInt32 = 0x4000_0000

    /// The `socket(2)` domain refused with `EACCES`.
    public static let refusedSocketDomain = UInt32(AF_UNIX)

    /// Builds the program for `architecture`.
    public init(architecture: SeccompArchitecture) {
        self.architecture = architecture
        var program: [SeccompInstruction] = [
            .load(WARDEN_SECCOMP_DATA_ARCH_OFFSET, "seccomp_data.arch"),
            .jumpEqual(architecture.auditArchitecture, ifTrue: 1, ifFalse: 0, "AUDIT_ARCH_\(architecture.rawValue.uppercased())"),
            .ret(.killProcess),
            .load(WARDEN_SECCOMP_DATA_NR_OFFSET, "seccomp_data.nr"),
        ]
        if architecture.hasX32ABI {
            program += [
                .jumpGreaterOrEqual(Self.x32SystemCallBit, ifTrue: 0, ifFalse: 1, "x32 ABI"),
                .ret(.error(ENOSYS)),
            ]
        }
        let denied = Self.deniedCalls
        // Past the socket block (4 instructions) when the call is not socket(2).
        program += [
            .jumpEqual(architecture.number(of: .socket), ifTrue: 0, ifFalse: 4, "socket"),
            .load(WARDEN_SECCOMP_DATA_ARG0_OFFSET, "low 32 bits of args[0] (domain)"),
            .jumpEqual(Self.refusedSocketDomain, ifTrue: 0, ifFalse: 1, "AF_UNIX"),
            .ret(.error(EACCES)),
            .ret(.allow),
        ]
        for (index, call) in denied.enumerated() {
            // Skip the remaining comparisons and the allow that follows them, landing on the EPERM return.
            let skip = UInt8(denied.count - index)
            program.append(.jumpEqual(architecture.number(of: call), ifTrue: skip, ifFalse: 0, call.rawValue))
        }
        program += [.ret(.allow), .ret(.error(EPERM))]
        self.instructions = program
    }

    /// The program as numbered, readable lines (what `warden exec-server --print-filter` prints).
    public var listing: String {
        let width = String(instructions.count - 1).count
        var lines = ["seccomp filter for \(architecture) (\(instructions.count) instructions)"]
        for (index, instruction) in instructions.enumerated() {
            let number = String(index)
            lines.append(String(repeating: " ", count: width - number.count) + number + ": " + instruction.description)
        }
        return lines.joined(separator: "\n")
    }

    /// Installs the program on the calling process: `PR_SET_NO_NEW_PRIVS` first, then
    /// `seccomp(SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_TSYNC)` so every thread is covered.
    ///
    /// The filter can never be removed again and is inherited across `fork` and `execve`.
    /// - Throws: ``SeccompError`` when either step fails.
    public func install() throws(SeccompError) {
        guard warden_set_no_new_privs() == 0 else {
            throw .noNewPrivileges(errno: Glibc.errno)
        }
        let filters = instructions.map { sock_filter(code: $0.code, jt: $0.jumpIfTrue, jf: $0.jumpIfFalse, k: $0.operand) }
        let result = filters.withUnsafeBufferPointer { buffer in
            warden_seccomp_install_filter(UInt32(SECCOMP_FILTER_FLAG_TSYNC), buffer.baseAddress, UInt16(buffer.count))
        }
        guard result == 0 else {
            throw .installFailed(errno: Glibc.errno)
        }
    }
}
