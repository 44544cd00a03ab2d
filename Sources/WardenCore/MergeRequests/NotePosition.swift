/// Where a note sits in a merge request's diff: the file and the line on each side, as GitLab's `DiffNote`
/// `position` gives them.
///
/// The one position type of every module: the webhook decoder decodes into it, the classifier puts it into a
/// follow-up, the queue stores it and the follow-up prompt reads it. GitLab sends `old_line` only for removed or
/// unchanged lines and `new_line` only for added or unchanged ones, so either line may be absent, and a renamed file
/// has different paths on each side. Only paths and line numbers, never the diff text itself.
public struct NotePosition: Sendable, Hashable, Codable {
    /// The file's path before the change (`old_path`).
    public var oldPath: String?
    /// The file's path after the change (`new_path`).
    public var newPath: String?
    /// The line in the old file, for removed or unchanged lines (`old_line`).
    public var oldLine: Int?
    /// The line in the new file, for added or unchanged lines (`new_line`).
    public var newLine: Int?

    /// Creates a position from its parts; absent parts stay `nil`.
    public init(oldPath: String? = nil, newPath: String? = nil, oldLine: Int? = nil, newLine: Int? = nil) {
        self.oldPath = oldPath
        self.newPath = newPath
        self.oldLine = oldLine
        self.newLine = newLine
    }

    /// GitLab's keys, which are also the stored JSON keys; absent values are omitted when encoding.
    public enum CodingKeys: String, CodingKey, Sendable {
        case oldPath = "old_path"
        case newPath = "new_path"
        case oldLine = "old_line"
        case newLine = "new_line"
    }
}
