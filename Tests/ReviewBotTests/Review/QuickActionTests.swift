import Forge
import Foundation
import ReviewBot
import Testing
import WardenTestSupport

/// GitLab's quick-action extractor, ported, and proof that nothing Warden posts can run a quick action.
@Suite("Quick actions")
struct QuickActionTests {
    struct Row: Sendable, CustomTestStringConvertible {
        let name: String
        let text: String
        let commands: [String]
        var testDescription: String { name }
    }

    /// Which lines GitLab's extractor reads as commands and which blocks it skips.
    static let extractorRows: [Row] = [
        Row(name: "a command between lines", text: "hello\n/labels ~foo ~\"bar baz\"\nworld", commands: ["/labels ~foo ~\"bar baz\""]),
        Row(name: "a lone command", text: "/approve", commands: ["/approve"]),
        Row(name: "commands are case-insensitive", text: "/MERGE", commands: ["/merge"]),
        Row(name: "several commands", text: "/approve\n/merge\n", commands: ["/approve", "/merge"]),
        Row(name: "a column-0 backtick fence is skipped", text: "```\n/approve\n```", commands: []),
        Row(name: "a tilde fence is not skipped", text: "~~~\n/approve\n~~~", commands: ["/approve"]),
        Row(name: "an indented backtick fence is not skipped", text: " ```\n/label ~x\n ```", commands: ["/label ~x"]),
        Row(name: "an HTML block is skipped", text: "<div>\n/merge\n</div>", commands: []),
        Row(name: "a >>> quote is skipped", text: ">>>\n/merge\n>>>", commands: []),
        Row(name: "a backtick span across lines is skipped", text: "`\n/merge\n`", commands: []),
        Row(name: "an indented line is no command", text: "  /merge", commands: []),
        Row(name: "a slash inside a line is no command", text: "see /merge", commands: []),
        Row(name: "a carriage return is deleted first", text: "a\r\n/merge\r\n", commands: ["/merge"]),
        Row(name: "a lone carriage return joins the lines", text: "a\r/merge", commands: []),
        Row(name: "a word joiner in front stops it", text: "\u{2060}/merge", commands: []),
        Row(name: "an escaped slash is no command", text: "\\/merge", commands: []),
        Row(name: "a command needs the end of its name", text: "/merge-now", commands: []),
        // Found by fuzzing: the port broke lines where ICU does and Ruby does not.
        Row(name: "a vertical tab is no line break", text: "a\u{0B}/merge", commands: []),
        Row(name: "a line separator is no line break", text: "a\u{2028}/merge\u{85}/approve", commands: []),
    ]

    @Test("the extractor port reads what GitLab reads", arguments: extractorRows)
    func extractor(row: Row) {
        #expect(QuickActionExtractor.commands(in: row.text).map(\.description) == row.commands)
    }

    @Test("the guard leaves no command and changes nothing else a reader sees", arguments: extractorRows)
    func guardRows(row: Row) {
        let guarded = QuickActionGuard.neutralized(row.text)
        #expect(QuickActionExtractor.commands(in: guarded).isEmpty)
        func visible(_ text: String) -> String { text.replacingOccurrences(of: "\u{2060}", with: "").replacingOccurrences(of: "\r", with: "") }
        #expect(visible(guarded) == visible(row.text))
    }

    @Test("no generated hostile text makes GitLab run a command once SafeMarkdown and the guard have seen it")
    func generatedHostileText() {
        var generator = SeededGenerator(seed: 0x5EED_CAFE)
        var unsafeInputs = 0
        for _ in 0..<5000 {
            let text = HostileMarkdown.text(using: &generator)
            if !QuickActionExtractor.commands(in: text).isEmpty { unsafeInputs += 1 }
            let block = SafeMarkdown.block(text)
            #expect(QuickActionExtractor.commands(in: block).isEmpty, "SafeMarkdown.block left a command in \(block.debugDescription)")
            let guarded = QuickActionGuard.neutralized(text)
            #expect(QuickActionExtractor.commands(in: guarded).isEmpty, "the guard left a command in \(guarded.debugDescription)")
            #expect(QuickActionExtractor.commands(in: "## Summary\n" + SafeMarkdown.inline(text)).isEmpty)
        }
        // The generator must produce real attacks, or the test proves nothing.
        #expect(unsafeInputs > 500)
    }
}
