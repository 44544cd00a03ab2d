public import WardenCore

/// A thread on a merge request: an inline thread on a diff line, a general thread, or a single comment.
public struct Discussion: Sendable, Hashable {
    /// The thread's id (40 hexadecimal digits on GitLab); replies go to it.
    public var id: DiscussionID
    /// The thread is a single standalone comment that cannot be replied to as a thread.
    public var individualNote: Bool
    /// The comments, oldest first.
    public var notes: [Note]

    /// Creates a discussion value.
    public init(id: DiscussionID, individualNote: Bool, notes: [Note]) {
        self.id = id
        self.individualNote = individualNote
        self.notes = notes
    }
}
