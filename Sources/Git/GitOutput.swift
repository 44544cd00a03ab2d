/// What a finished git command produced.
struct GitOutput: Sendable {
    /// The exit status, or `nil` when git was killed by a signal.
    let exitStatus: Int32?
    /// Everything git wrote to standard output.
    let standardOutput: [UInt8]
    /// The end of git's standard error, credentials redacted.
    let standardError: String

    /// Whether git exited with status 0.
    var succeeded: Bool { exitStatus == 0 }

    /// Standard output as text, without the final newline.
    var text: String { text(keepingFinalNewline: false) }

    /// Standard output as text (invalid UTF-8 repaired).
    /// - Parameter keepingFinalNewline: whether a final newline stays (file contents, diffs).
    func text(keepingFinalNewline: Bool) -> String {
        var text = String(decoding: standardOutput, as: UTF8.self)
        if !keepingFinalNewline, text.hasSuffix("\n") { text.removeLast() }
        return text
    }

    /// Standard output split into its non-empty lines.
    var lines: [String] {
        text.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
    }
}
