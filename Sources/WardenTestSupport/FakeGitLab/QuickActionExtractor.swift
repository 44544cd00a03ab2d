import Foundation

/// GitLab's quick-action extractor (`lib/gitlab/quick_actions/extractor.rb`), ported rule for rule, so tests can ask
/// which commands GitLab would run for a text Warden posted.
///
/// GitLab deletes every `\r`, then scans with one regular expression whose first alternatives skip column-0
/// ```` ``` ```` fences, backtick spans (also across lines), `<tag>\n…\n</tag>` blocks and `>>>` blocks, and whose last
/// alternative is a command: a line starting with `/name`, then optionally a space and arguments, then the end of the
/// line. GitLab only matches the names of its commands; the port matches any name of letters and `_`, which finds at
/// least every command GitLab would run.
public enum QuickActionExtractor {
    /// A command GitLab would run.
    public struct Command: Sendable, Hashable, CustomStringConvertible {
        /// The command's name, lowercased (`approve`).
        public var name: String
        /// Its arguments, `nil` when there are none.
        public var arguments: String?

        public var description: String { "/" + name + (arguments.map { " " + $0 } ?? "") }
    }

    private static let pattern = #"""
        (?<code> ^``` .+? \n```$ )
        | (?<inlinecode> `\n* .+? \n*` )
        | (?<html> ^<[^>]+?>\n .+? \n</[^>]+?>$ )
        | (?<quote> ^>>> .+? \n>>>$ )
        | (?: ^/ (?<cmd>[a-z_]+) (?: \x20 (?<arg>[^\n]*) )? (?: \s*\n | $ ) )
        """#

    private static let expression: NSRegularExpression = {
        do {
            return try NSRegularExpression(
                pattern: pattern,
                // Ruby's `^` and `$` see only `\n`; ICU's would also break lines at `\u{0B}`, `\u{0C}`, `\u{85}` and `\u{2028}`.
                options: [.anchorsMatchLines, .dotMatchesLineSeparators, .caseInsensitive, .allowCommentsAndWhitespace, .useUnixLineSeparators]
            )
        } catch {
            preconditionFailure("the extractor's pattern does not compile: \(error)")
        }
    }()

    /// The commands GitLab would run for `text`, in order.
    public static func commands(in text: String) -> [Command] {
        let content = text.replacingOccurrences(of: "\r", with: "")
        let range = NSRange(content.startIndex..., in: content)
        return expression.matches(in: content, range: range).compactMap { match in
            guard let name = Range(match.range(withName: "cmd"), in: content).map({ String(content[$0]).lowercased() }) else { return nil }
            let arguments = Range(match.range(withName: "arg"), in: content).map { String(content[$0]).trimmingCharacters(in: .whitespaces) }
            return Command(name: name, arguments: arguments?.isEmpty == false ? arguments : nil)
        }
    }
}
