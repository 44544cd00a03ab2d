public import WardenCore

/// One comment on a merge request or issue.
public struct Note: Sendable, Hashable {
    /// The comment's id, for edits and reactions.
    public var id: NoteID
    /// The Markdown text.
    public var body: String
    /// The numeric id of the user who wrote it.
    public var authorID: UserID
    /// The username of the user who wrote it (without `@`).
    public var authorUsername: String
    /// The forge wrote it (a push, a label change), not a person.
    public var system: Bool
    /// Where it sits in the diff, for inline comments.
    public var position: DiffPosition?

    /// Creates a note value.
    public init(id: NoteID, body: String, authorID: UserID, authorUsername: String, system: Bool = false, position: DiffPosition? = nil) {
        self.id = id
        self.body = body
        self.authorID = authorID
        self.authorUsername = authorUsername
        self.system = system
        self.position = position
    }
}
