/// One line a worktree adds relative to its commit, for the secret scanner.
public struct AddedLine: Sendable, Hashable {
    /// The line's number in the new version of the file, from 1.
    public let number: Int
    /// The line's text, without its newline.
    public let text: String

    /// Creates a line.
    public init(number: Int, text: String) {
        self.number = number
        self.text = text
    }
}
