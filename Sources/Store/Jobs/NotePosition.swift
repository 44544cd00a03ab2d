/// Where a diff note sits in a merge request's diff: the paths and lines of a GitLab `DiffNote` position.
///
/// Only paths and line numbers: never the diff text itself.
public struct NotePosition: Sendable, Equatable, Codable {
    /// The file's path before the change (`old_path`).
    public var oldPath: String?
    /// The file's path after the change (`new_path`).
    public var newPath: String?
    /// The line in the old file, for removed or unchanged lines.
    public var oldLine: Int?
    /// The line in the new file, for added or unchanged lines.
    public var newLine: Int?

    /// Creates a position from its parts; absent parts stay `nil`.
    public init(oldPath: String? = nil, newPath: String? = nil, oldLine: Int? = nil, newLine: Int? = nil) {
        self.oldPath = oldPath
        self.newPath = newPath
        self.oldLine = oldLine
        self.newLine = newLine
    }

    private enum CodingKeys: String, CodingKey {
        case oldPath = "old_path"
        case newPath = "new_path"
        case oldLine = "old_line"
        case newLine = "new_line"
    }
}
