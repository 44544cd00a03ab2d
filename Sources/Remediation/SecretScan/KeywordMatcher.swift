/// Finds which of a fixed set of keywords occur in a text, in one pass, ignoring ASCII case.
///
/// An Aho–Corasick automaton compiled into a dense transition table: scanning costs one table
/// lookup per byte however many keywords there are, which is what makes gitleaks' keyword prefilter
/// (every rule's keywords against every fragment) cheap enough to run on every added line.
struct KeywordMatcher: Sendable {
    /// `transitions[state * 256 + byte]`: the next state.
    private let transitions: [Int32]
    /// The keywords that end in each state, following failure links already merged in.
    private let outputs: [[Int]]
    /// How many keywords the matcher was built with.
    let keywordCount: Int

    /// Compiles the automaton.
    ///
    /// - Parameter keywords: the keywords; compared case-insensitively for ASCII letters. Empty ones never match.
    init(keywords: [String]) {
        keywordCount = keywords.count
        var goto: [[Int32]] = [Array(repeating: -1, count: 256)]
        var outputs: [[Int]] = [[]]
        for (index, keyword) in keywords.enumerated() where !keyword.isEmpty {
            var state = 0
            for byte in keyword.utf8 {
                let byte = Int(Self.lowercased(byte))
                if goto[state][byte] < 0 {
                    goto.append(Array(repeating: -1, count: 256))
                    outputs.append([])
                    goto[state][byte] = Int32(goto.count - 1)
                }
                state = Int(goto[state][byte])
            }
            outputs[state].append(index)
        }
        // Breadth-first: each state's failure target is shallower, so its outputs are complete when merged.
        var failure = Array(repeating: 0, count: goto.count)
        var table = Array(repeating: Int32(0), count: goto.count * 256)
        var queue: [Int] = []
        for byte in 0..<256 {
            let next = goto[0][byte]
            if next > 0 {
                table[byte] = next
                failure[Int(next)] = 0
                queue.append(Int(next))
            }
        }
        var head = 0
        while head < queue.count {
            let state = queue[head]
            head += 1
            outputs[state] += outputs[failure[state]]
            for byte in 0..<256 {
                let next = goto[state][byte]
                if next > 0 {
                    failure[Int(next)] = Int(table[failure[state] * 256 + byte])
                    table[state * 256 + byte] = next
                    queue.append(Int(next))
                } else {
                    table[state * 256 + byte] = table[failure[state] * 256 + byte]
                }
            }
        }
        self.transitions = table
        self.outputs = outputs
    }

    /// Which keywords occur in `text`.
    ///
    /// - Parameter text: UTF-8 bytes.
    /// - Returns: one flag per keyword, in the order given to ``init(keywords:)``.
    func occurrences<Bytes: Sequence<UInt8>>(in text: Bytes) -> [Bool] {
        var found = Array(repeating: false, count: keywordCount)
        var state = 0
        transitions.withUnsafeBufferPointer { table in
            for byte in text {
                state = Int(table[state &* 256 &+ Int(Self.lowercased(byte))])
                for keyword in outputs[state] { found[keyword] = true }
            }
        }
        return found
    }

    private static func lowercased(_ byte: UInt8) -> UInt8 {
        (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte | 0x20 : byte
    }
}
