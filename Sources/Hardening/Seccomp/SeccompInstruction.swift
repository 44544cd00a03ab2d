import CLinuxSecurity

/// One classic-BPF instruction of a seccomp program (`struct sock_filter`), with a note for readers.
///
/// The builder produces only the four shapes a seccomp filter of this kind needs: load a 32-bit word of
/// `seccomp_data`, jump if equal, jump if greater or equal, and return.
public struct SeccompInstruction: Sendable, Hashable, CustomStringConvertible {
    /// The opcode (`BPF_LD|BPF_W|BPF_ABS`, `BPF_JMP|BPF_JEQ|BPF_K`, `BPF_JMP|BPF_JGE|BPF_K` or `BPF_RET|BPF_K`).
    public let code: UInt16
    /// Instructions to skip when a jump's condition holds.
    public let jumpIfTrue: UInt8
    /// Instructions to skip when a jump's condition does not hold.
    public let jumpIfFalse: UInt8
    /// The operand: an offset into `seccomp_data`, a value to compare with, or the return action.
    public let operand: UInt32
    /// What the instruction is for, printed by ``description``.
    public let note: String

    /// `BPF_LD|BPF_W|BPF_ABS`: the accumulator becomes the 32-bit word at `offset` in `seccomp_data`.
    public static let loadWord = UInt16(BPF_LD | BPF_W | BPF_ABS)
    /// `BPF_JMP|BPF_JEQ|BPF_K`: jump on accumulator == operand.
    public static let jumpIfEqual = UInt16(BPF_JMP | BPF_JEQ | BPF_K)
    /// `BPF_JMP|BPF_JGE|BPF_K`: jump on accumulator >= operand (unsigned).
    public static let jumpIfGreaterOrEqual = UInt16(BPF_JMP | BPF_JGE | BPF_K)
    /// `BPF_RET|BPF_K`: end with the operand as the seccomp action.
    public static let returnAction = UInt16(BPF_RET | BPF_K)

    /// Loads the 32-bit word at `offset` of `seccomp_data`.
    static func load(_ offset: UInt32, _ note: String) -> SeccompInstruction {
        SeccompInstruction(code: loadWord, jumpIfTrue: 0, jumpIfFalse: 0, operand: offset, note: note)
    }

    /// Compares the accumulator with `value` and skips `ifTrue` or `ifFalse` instructions.
    static func jumpEqual(_ value: UInt32, ifTrue: UInt8, ifFalse: UInt8, _ note: String) -> SeccompInstruction {
        SeccompInstruction(code: jumpIfEqual, jumpIfTrue: ifTrue, jumpIfFalse: ifFalse, operand: value, note: note)
    }

    /// Compares the accumulator (unsigned) with `value` and skips `ifTrue` or `ifFalse` instructions.
    static func jumpGreaterOrEqual(_ value: UInt32, ifTrue: UInt8, ifFalse: UInt8, _ note: String) -> SeccompInstruction {
        SeccompInstruction(code: jumpIfGreaterOrEqual, jumpIfTrue: ifTrue, jumpIfFalse: ifFalse, operand: value, note: note)
    }

    /// Ends the program with `action`.
    static func ret(_ action: SeccompAction) -> SeccompInstruction {
        SeccompInstruction(code: returnAction, jumpIfTrue: 0, jumpIfFalse: 0, operand: action.rawValue, note: action.description)
    }

    /// The instruction as `tcpdump -d`-style text with its note, e.g. `jeq #0x29, +0, +3 ; socket`.
    public var description: String {
        let text: String
        switch code {
        case Self.loadWord: text = "ld  [\(operand)]"
        case Self.jumpIfEqual: text = "jeq #0x\(String(operand, radix: 16)), +\(jumpIfTrue), +\(jumpIfFalse)"
        case Self.jumpIfGreaterOrEqual: text = "jge #0x\(String(operand, radix: 16)), +\(jumpIfTrue), +\(jumpIfFalse)"
        case Self.returnAction: text = "ret #0x\(String(operand, radix: 16))"
        default: text = "op 0x\(String(code, radix: 16)) #0x\(String(operand, radix: 16))"
        }
        return text + String(repeating: " ", count: max(1, 30 - text.count)) + "; " + note
    }
}
