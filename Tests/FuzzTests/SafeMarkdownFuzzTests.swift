import ReviewBot
import Testing
import WardenTestSupport

/// Fuzzes ``SafeMarkdown`` with hostile fragments, random Unicode and mutated real Markdown.
///
/// Invariants: no output holds a command GitLab's quick-action extractor would run; a block ends outside any fence
/// (a command written after it is seen); inline text and code spans stay on one line; a fenced block holds its text
/// verbatim and no backtick run inside can close it.
@Suite("SafeMarkdown fuzzing")
struct SafeMarkdownFuzzTests {
    static let tokens = HostileMarkdown.fragments + ["\u{0}", "\u{85}", "\u{2028}", "\u{FEFF}", "/", "@", "\n/"]

    /// Checks every SafeMarkdown form of `text`.
    static func check(_ text: String) throws {
        let shown = text.debugDescription
        let block = SafeMarkdown.block(text)
        let left = QuickActionExtractor.commands(in: block)
        try FuzzFailure.check(left.isEmpty, "block left \(left) in \(block.debugDescription) from \(shown)")
        let after = QuickActionExtractor.commands(in: block + "\n/merge")
        try FuzzFailure.check(after.map(\.description) == ["/merge"], "block does not end outside every fence: \(shown)")
        let inline = SafeMarkdown.inline(text)
        try FuzzFailure.check(!inline.contains(where: \.isNewline), "inline kept a line break: \(shown)")
        try FuzzFailure.check(QuickActionExtractor.commands(in: inline + "\n- " + inline).isEmpty, "inline left a command: \(shown)")
        let span = SafeMarkdown.codeSpan(text)
        try FuzzFailure.check(!span.contains(where: \.isNewline), "code span kept a line break: \(shown)")
        try FuzzFailure.check(QuickActionExtractor.commands(in: "x " + span).isEmpty, "code span left a command: \(shown)")
        let fenced = SafeMarkdown.fenced(text, info: text)
        // Bytes, not Characters: an info string that starts with a combining mark joins the fence's last backtick.
        let fence = String(decoding: fenced.utf8.prefix { $0 == UInt8(ascii: "`") }, as: UTF8.self)
        let body = Array(fenced.utf8).split(separator: UInt8(ascii: "\n"), maxSplits: 1, omittingEmptySubsequences: false).last ?? []
        try FuzzFailure.check(text.isEmpty || body.reversed().starts(with: ("\n" + fence).utf8.reversed()) && body.starts(with: text.utf8), "fenced lost its text: \(shown)")
        let longestRun = text.split { $0 != "`" }.map(\.count).max() ?? 0
        try FuzzFailure.check(longestRun < fence.count, "fenced can be closed from inside: \(shown)")
    }

    @Test("the corpus keeps every invariant")
    func corpusReplays() throws {
        for entry in try FuzzCorpus.entries("markdown") {
            try Self.check(String(decoding: entry.bytes, as: UTF8.self))
        }
    }

    @Test("generated hostile Markdown keeps every invariant", .timeLimit(.minutes(30)))
    func generated() throws {
        let corpus = try FuzzCorpus.entries("markdown").map(\.bytes)
        let mutator = ByteMutator(tokens: Self.tokens, donors: corpus)
        let report = FuzzCampaign(target: "markdown", seed: 0x5AFE_0001).run { generator in
            let text: String
            switch Int.random(in: 0..<3, using: &generator) {
            case 0: text = HostileMarkdown.text(using: &generator, maximumCount: 40)
            case 1:
                let scalars = (0..<Int.random(in: 0...64, using: &generator)).compactMap { _ in
                    Unicode.Scalar(UInt32.random(in: 0...(Bool.random(using: &generator) ? 0x7F : 0x10FFFF), using: &generator))
                }
                text = String(String.UnicodeScalarView(scalars))
            default:
                let base = corpus[Int.random(in: 0..<corpus.count, using: &generator)]
                text = String(decoding: mutator.mutated(base, using: &generator), as: UTF8.self)
            }
            try Self.check(text)
        }
        #expect(report.passed, "\(report)")
    }
}
