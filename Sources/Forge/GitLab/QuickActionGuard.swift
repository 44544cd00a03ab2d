/// Makes text that Warden posts to GitLab unable to run quick actions.
///
/// GitLab runs a line of a note, a reply, a draft note or a merge request description as a quick action (`/merge`,
/// `/approve`, `/label ~x`) with the poster's rights when, after GitLab deletes every `\r`, the line starts with `/`
/// and is not inside one of the few blocks its extractor skips (`lib/gitlab/quick_actions/extractor.rb`: column-0
/// ```` ``` ```` fences, backtick spans, `<tag>…</tag>` and `>>>` blocks). Those rules differ from how Markdown renders
/// (`~~~` and indented fences are code to the renderer but not to the extractor), so Warden does not try to follow
/// them: every line that starts with `/` gets an invisible WORD JOINER (U+2060) in front, wherever it stands. The text
/// reads the same, and no line of it can be a command.
public enum QuickActionGuard {
    /// The invisible character put before a line's leading `/`.
    static let wordJoiner: Character = "\u{2060}"

    /// `text` with `\r` removed (as GitLab removes it before extracting) and every line that starts with `/` prefixed
    /// with a WORD JOINER.
    public static func neutralized(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        var atLineStart = true
        for scalar in text.unicodeScalars where scalar != "\r" {
            if atLineStart && scalar == "/" { result.unicodeScalars.append("\u{2060}") }
            result.unicodeScalars.append(scalar)
            atLineStart = scalar == "\n"
        }
        return result
    }
}
