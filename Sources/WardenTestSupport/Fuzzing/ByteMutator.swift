/// Random edits of a byte string, as a coverage-blind fuzzer makes them: bit flips, inserted and deleted runs,
/// duplicated runs, splices from other inputs, and tokens the format under test gives meaning to.
public struct ByteMutator: Sendable {
    /// Byte strings the format treats specially (`"@@ -"`, `"\"\"\""`, `"\r\n"`), inserted whole.
    public let tokens: [[UInt8]]
    /// Other valid inputs to splice pieces from.
    public let donors: [[UInt8]]

    /// A mutator that inserts `tokens` and splices from `donors`.
    public init(tokens: [String], donors: [[UInt8]]) {
        self.tokens = tokens.map { Array($0.utf8) }
        self.donors = donors
    }

    /// `input` after one to eight random edits.
    public func mutated(_ input: [UInt8], using generator: inout SeededGenerator) -> [UInt8] {
        var bytes = input
        for _ in 0..<Int.random(in: 1...8, using: &generator) {
            edit(&bytes, using: &generator)
        }
        return bytes
    }

    private func edit(_ bytes: inout [UInt8], using generator: inout SeededGenerator) {
        let position = bytes.isEmpty ? 0 : Int.random(in: 0...bytes.count, using: &generator)
        switch Int.random(in: 0..<7, using: &generator) {
        case 0 where position < bytes.count:
            bytes[position] ^= 1 << UInt8.random(in: 0..<8, using: &generator)
        case 1:
            bytes.insert(contentsOf: (0..<Int.random(in: 1...4, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }, at: position)
        case 2 where position < bytes.count:
            bytes.removeSubrange(position..<min(bytes.count, position + Int.random(in: 1...32, using: &generator)))
        case 3 where position < bytes.count:
            let run = bytes[position..<min(bytes.count, position + Int.random(in: 1...64, using: &generator))]
            bytes.insert(contentsOf: Array(repeating: run, count: Int.random(in: 1...8, using: &generator)).joined(), at: position)
        case 4 where !donors.isEmpty:
            let donor = donors[Int.random(in: 0..<donors.count, using: &generator)]
            guard !donor.isEmpty else { return }
            let start = Int.random(in: 0..<donor.count, using: &generator)
            let piece = donor[start..<min(donor.count, start + Int.random(in: 1...256, using: &generator))]
            // Half the splices replace the tail, as when two documents are cut and joined.
            if Bool.random(using: &generator) { bytes.removeSubrange(position...) }
            bytes.insert(contentsOf: piece, at: min(position, bytes.count))
        case 5 where !tokens.isEmpty:
            bytes.insert(contentsOf: tokens[Int.random(in: 0..<tokens.count, using: &generator)], at: position)
        default:
            bytes.removeSubrange(position...)
        }
    }
}
