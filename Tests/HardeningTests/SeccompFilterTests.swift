import Hardening
import Testing

/// A small classic-BPF interpreter for seccomp programs: enough to run what ``SeccompFilter`` builds against
/// synthetic `seccomp_data` (nr, arch, instruction pointer, six 64-bit arguments, little-endian).
private struct SeccompInterpreter {
    let instructions: [SeccompInstruction]

    struct Fault: Error, CustomStringConvertible {
        var description: String
    }

    func run(nr: UInt32, arch: UInt32, arguments: [UInt64] = []) throws -> SeccompAction {
        var data = [UInt8](repeating: 0, count: 64)
        func put32(_ value: UInt32, at offset: Int) {
            for byte in 0..<4 { data[offset + byte] = UInt8((value >> (8 * UInt32(byte))) & 0xFF) }
        }
        put32(nr, at: 0)
        put32(arch, at: 4)
        for (index, argument) in arguments.enumerated() {
            put32(UInt32(argument & 0xFFFF_FFFF), at: 16 + 8 * index)
            put32(UInt32(argument >> 32), at: 20 + 8 * index)
        }
        var accumulator: UInt32 = 0
        var pc = 0
        while pc < instructions.count {
            let instruction = instructions[pc]
            switch instruction.code {
            case SeccompInstruction.loadWord:
                let offset = Int(instruction.operand)
                guard offset % 4 == 0, offset + 4 <= data.count else { throw Fault(description: "bad load at \(pc)") }
                accumulator = (0..<4).reduce(0) { $0 | UInt32(data[offset + $1]) << (8 * UInt32($1)) }
                pc += 1
            case SeccompInstruction.jumpIfEqual:
                pc += 1 + Int(accumulator == instruction.operand ? instruction.jumpIfTrue : instruction.jumpIfFalse)
            case SeccompInstruction.jumpIfGreaterOrEqual:
                pc += 1 + Int(accumulator >= instruction.operand ? instruction.jumpIfTrue : instruction.jumpIfFalse)
            case SeccompInstruction.returnAction:
                return SeccompAction(rawValue: instruction.operand)
            default:
                throw Fault(description: "unknown opcode 0x\(String(instruction.code, radix: 16)) at \(pc)")
            }
        }
        throw Fault(description: "ran off the end of the program")
    }
}

/// One system call and what the filter must answer.
struct SeccompCase: Sendable, CustomTestStringConvertible {
    var name: String
    var architecture: SeccompArchitecture
    var call: SeccompSystemCall?
    var rawNumber: UInt32?
    var foreignArch: UInt32?
    var domain: UInt64 = 0
    var expected: SeccompAction

    var testDescription: String { "\(architecture): \(name)" }

    static let AF_UNIX: UInt64 = 1
    static let AF_INET: UInt64 = 2

    static let all: [SeccompCase] = SeccompArchitecture.allCases.flatMap { arch -> [SeccompCase] in
        var cases = [
            SeccompCase(name: "socket(AF_UNIX) is EACCES", architecture: arch, call: .socket, domain: AF_UNIX, expected: .error(13)),
            SeccompCase(
                name: "socket(0x1_00000001) is EACCES (low 32 bits)",
                architecture: arch,
                call: .socket,
                domain: 0x1_0000_0001,
                expected: .error(13)
            ),
            SeccompCase(name: "socket(AF_INET) is allowed", architecture: arch, call: .socket, domain: AF_INET, expected: .allow),
            SeccompCase(name: "socket(0x1_00000002) is allowed", architecture: arch, call: .socket, domain: 0x1_0000_0002, expected: .allow),
            SeccompCase(name: "socketpair(AF_UNIX) is allowed", architecture: arch, call: .socketpair, domain: AF_UNIX, expected: .allow),
            SeccompCase(name: "read is allowed", architecture: arch, rawNumber: 63, expected: .allow),
            SeccompCase(
                name: "a foreign architecture is killed",
                architecture: arch,
                call: .socket,
                foreignArch: 0x4000_0003,
                domain: AF_INET,
                expected: .killProcess
            ),
        ]
        for call in SeccompFilter.deniedCalls {
            cases.append(SeccompCase(name: "\(call.rawValue) is EPERM", architecture: arch, call: call, expected: .error(1)))
        }
        let x32Socket = 0x4000_0000 | arch.number(of: .socket)
        cases.append(
            SeccompCase(
                name: "an x32-numbered socket call",
                architecture: arch,
                rawNumber: x32Socket,
                domain: AF_UNIX,
                expected: arch == .x86_64 ? .error(38) : .allow
            )
        )
        return cases
    }
}

@Suite("Seccomp filter")
struct SeccompFilterTests {
    @Test("answers each system call as the policy says", arguments: SeccompCase.all)
    func policy(_ row: SeccompCase) throws {
        let filter = SeccompFilter(architecture: row.architecture)
        let interpreter = SeccompInterpreter(instructions: filter.instructions)
        let number = row.rawNumber ?? row.call.map { row.architecture.number(of: $0) } ?? 0
        let action = try interpreter.run(
            nr: number,
            arch: row.foreignArch ?? row.architecture.auditArchitecture,
            arguments: [row.domain, 1, 0]
        )
        #expect(action == row.expected, "got \(action)")
    }

    @Test("never jumps past the end of the program", arguments: SeccompArchitecture.allCases)
    func jumpsStayInside(_ architecture: SeccompArchitecture) {
        let instructions = SeccompFilter(architecture: architecture).instructions
        for (index, instruction) in instructions.enumerated() where instruction.code != SeccompInstruction.returnAction
            && instruction.code != SeccompInstruction.loadWord
        {
            #expect(index + 1 + Int(max(instruction.jumpIfTrue, instruction.jumpIfFalse)) < instructions.count)
        }
        #expect(instructions.last?.code == SeccompInstruction.returnAction)
    }

    @Test("checks the architecture before anything else and kills on a mismatch", arguments: SeccompArchitecture.allCases)
    func architectureFirst(_ architecture: SeccompArchitecture) {
        let instructions = SeccompFilter(architecture: architecture).instructions
        #expect(instructions[0].code == SeccompInstruction.loadWord && instructions[0].operand == 4)
        #expect(instructions[1].operand == architecture.auditArchitecture)
        #expect(instructions[2].operand == SeccompAction.killProcess.rawValue)
    }

    @Test("prints a numbered listing that names every denied call")
    func listing() {
        let listing = SeccompFilter(architecture: .aarch64).listing
        #expect(listing.hasPrefix("seccomp filter for aarch64"))
        for call in SeccompFilter.deniedCalls {
            #expect(listing.contains("; \(call.rawValue)"))
        }
        #expect(listing.contains("errno 13 (EACCES)"))
        #expect(!listing.contains("x32"))
    }
}
