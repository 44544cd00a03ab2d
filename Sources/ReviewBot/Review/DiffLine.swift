/// One line of a diff hunk, with its number in each version of the file that has it.
public struct DiffLine: Sendable, Hashable {
    /// What the change did to the line.
    public enum Kind: Sendable, Hashable {
        /// The change adds the line (`+`): it has only a new line number.
        case added
        /// The change removes the line (`-`): it has only an old line number.
        case removed
        /// The line is unchanged (` `): it has both numbers, which differ when earlier changes moved it.
        case context
    }

    /// What the change did to the line.
    public var kind: Kind
    /// The line's text without the diff's leading `+`, `-` or space.
    public var content: String
    /// The line's number in the base version; `nil` for an added line.
    public var oldLine: Int?
    /// The line's number in the head version; `nil` for a removed line.
    public var newLine: Int?

    /// Creates a line.
    public init(kind: Kind, content: String, oldLine: Int?, newLine: Int?) {
        self.kind = kind
        self.content = content
        self.oldLine = oldLine
        self.newLine = newLine
    }

    /// The line's number on one side, or `nil` when it does not exist there.
    public func number(on side: DiffSide) -> Int? {
        switch side {
        case .new: newLine
        case .old: oldLine
        }
    }
}
