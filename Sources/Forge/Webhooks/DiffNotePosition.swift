/// Where a `DiffNote` sits in a merge request diff: the file on each side and the line on each side.
///
/// GitLab sends `old_line` only for removed or unchanged lines and `new_line` only for added or unchanged lines, so
/// either line may be absent; a renamed file has different paths on each side.
public struct DiffNotePosition: Sendable, Equatable, Hashable {
    /// The file's path before the change (`position.old_path`).
    public var oldPath: String?
    /// The file's path after the change (`position.new_path`).
    public var newPath: String?
    /// The line in the old file (`position.old_line`).
    public var oldLine: Int?
    /// The line in the new file (`position.new_line`).
    public var newLine: Int?

    /// Creates a position.
    public init(oldPath: String?, newPath: String?, oldLine: Int?, newLine: Int?) {
        self.oldPath = oldPath
        self.newPath = newPath
        self.oldLine = oldLine
        self.newLine = newLine
    }
}
