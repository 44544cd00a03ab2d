public import WardenCore

/// A note that mentions the bot on a merge request, to answer in its thread.
public struct FollowUpTarget: Sendable, Equatable, Hashable {
    /// The project the merge request belongs to.
    public var projectID: ProjectID
    /// The merge request's number within the project.
    public var mergeRequestIID: MergeRequestIID
    /// The note that mentions the bot.
    public var noteID: NoteID
    /// The thread to reply into; absent in payloads from older GitLab versions.
    public var discussionID: DiscussionID?
    /// The note's place in the diff, for a `DiffNote`.
    public var position: NotePosition?

    /// Creates a target.
    public init(projectID: ProjectID, mergeRequestIID: MergeRequestIID, noteID: NoteID, discussionID: DiscussionID?, position: NotePosition?) {
        self.projectID = projectID
        self.mergeRequestIID = mergeRequestIID
        self.noteID = noteID
        self.discussionID = discussionID
        self.position = position
    }
}
