/// A comment held back until the review is published, so all comments arrive with one notification.
public struct DraftNote: Sendable, Hashable {
    /// The draft's id.
    public var id: Int
    /// The Markdown text.
    public var body: String
    /// The thread it will reply to, or `nil` when it starts a thread.
    public var inReplyToDiscussionID: String?
    /// Where it sits in the diff, for inline comments.
    public var position: DiffPosition?

    /// Creates a draft note value.
    public init(id: Int, body: String, inReplyToDiscussionID: String? = nil, position: DiffPosition? = nil) {
        self.id = id
        self.body = body
        self.inReplyToDiscussionID = inReplyToDiscussionID
        self.position = position
    }
}
