/// The changes to one file in a merge request.
public struct FileDiff: Sendable, Hashable {
    /// The path before the change (equal to ``newPath`` unless renamed).
    public var oldPath: String
    /// The path after the change.
    public var newPath: String
    /// The unified diff without file headers: it starts at the first `@@` hunk header. Empty for binary files,
    /// pure renames, mode changes, and files the forge left out (``collapsed`` or ``tooLarge``).
    public var diff: String
    /// The file is added by the merge request.
    public var newFile: Bool
    /// The file is renamed (``oldPath`` differs from ``newPath``).
    public var renamedFile: Bool
    /// The file is deleted by the merge request.
    public var deletedFile: Bool
    /// The forge collapsed the diff (over its soft size limit); ``diff`` may be empty.
    public var collapsed: Bool
    /// The diff is over the forge's hard size limit; ``diff`` is empty.
    public var tooLarge: Bool

    /// Creates a file diff value.
    public init(
        oldPath: String,
        newPath: String,
        diff: String,
        newFile: Bool = false,
        renamedFile: Bool = false,
        deletedFile: Bool = false,
        collapsed: Bool = false,
        tooLarge: Bool = false
    ) {
        self.oldPath = oldPath
        self.newPath = newPath
        self.diff = diff
        self.newFile = newFile
        self.renamedFile = renamedFile
        self.deletedFile = deletedFile
        self.collapsed = collapsed
        self.tooLarge = tooLarge
    }
}
