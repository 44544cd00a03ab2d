/// Quotes words for `bash -c`, so that the shell the exec sidecar starts sees exactly these words.
enum ShellQuoting {
    /// Each word in single quotes (a `'` inside becomes `'\''`), joined by spaces.
    static func command(_ words: [String]) -> String {
        words.map(quoted).joined(separator: " ")
    }

    /// One word in single quotes, which the shell takes literally.
    static func quoted(_ word: String) -> String {
        "'" + word.replacing("'", with: "'\\''") + "'"
    }
}
