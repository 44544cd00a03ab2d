/// A note that mentions the bot on a merge request, to answer in its thread.
public struct FollowUpTarget: Sendable, Equatable, Hashable {
    /// Where a diff note sits: the file and line on each side of the diff.
    public struct Position: Sendable, Equatable, Hashable {
        /// The file's path before the change.
        public var oldPath: String?
        /// The file's path after the change.
        public var newPath: String?
        /// The line in the old file, absent for an added line.
        public var oldLine: Int?
        /// The line in the new file, absent for a removed line.
        public var newLine: Int?

        /// Creates a position.
        public init(oldPath: String?, newPath: String?, oldLine: Int?, newLine: Int?) {
            self.oldPath = oldPath
            self.newPath = newPath
            self.oldLine = oldLine
            self.newLine = newLine
        }
    }

    /// The project the merge request belongs to.
    public var projectID: Int64
    /// The merge request's number within the project.
    public var mergeRequestIID: Int64
    /// The note that mentions the bot.
    public var noteID: Int64
    /// The thread to reply into; absent in payloads from older GitLab versions.
    public var discussionID: String?
    /// The note's place in the diff, for a `DiffNote`.
    public var position: Position?

    /// Creates a target.
    public init(projectID: Int64, mergeRequestIID: Int64, noteID: Int64, discussionID: String?, position: Position?) {
        self.projectID = projectID
        self.mergeRequestIID = mergeRequestIID
        self.noteID = noteID
        self.discussionID = discussionID
        self.position = position
    }
}
