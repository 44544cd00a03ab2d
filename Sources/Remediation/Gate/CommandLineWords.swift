/// Splits a configured command line into words the way a POSIX shell splits a simple command —
/// blanks separate words, `'…'` and `"…"` quote, `\` escapes — without running a shell: no
/// variables, globs, pipes or `&&`. Whoever needs those writes `sh -c '…'` explicitly.
enum CommandLineWords {
    /// The words of `text`.
    ///
    /// - Throws: ``RemediationError/invalidTestCommand(_:)`` for an unterminated quote, a trailing
    ///   backslash, or no words at all.
    static func split(_ text: String) throws(RemediationError) -> [String] {
        var words: [String] = []
        var current = ""
        var inWord = false
        var quote: Character?
        var escaping = false
        for character in text {
            if escaping {
                current.append(character)
                escaping = false
                continue
            }
            switch (quote, character) {
            case ("'", "'"), ("\"", "\""):
                quote = nil
            case ("'", _):
                current.append(character)
            case ("\"", "\\"), (nil, "\\"):
                escaping = true
                inWord = true
            case ("\"", _):
                current.append(character)
            case (nil, "'"), (nil, "\""):
                quote = character
                inWord = true
            case (nil, _) where character.isWhitespace:
                if inWord { words.append(current) }
                current = ""
                inWord = false
            default:
                current.append(character)
                inWord = true
            }
        }
        guard quote == nil else { throw .invalidTestCommand("a quote is not closed") }
        guard !escaping else { throw .invalidTestCommand("it ends with a backslash") }
        if inWord { words.append(current) }
        guard !words.isEmpty else { throw .invalidTestCommand("it has no words") }
        return words
    }
}
