public import WardenCore

/// The parts of a `Note Hook` delivery that decide whether the bot answers, and where.
///
/// Every field is optional except the confidentiality flag: GitLab's payloads differ between versions, and a
/// delivery is never refused for a field the bot might not need. ``text`` is read only to look for a mention of the
/// bot; it is never stored or logged.
public struct NoteEvent: Sendable, Equatable, CustomStringConvertible {
    /// The project the note was written in (`project.id`, else `project_id`).
    public var projectID: ProjectID?
    /// The note's id (`object_attributes.id`).
    public var noteID: NoteID?
    /// What the note is attached to (`object_attributes.noteable_type`): `MergeRequest`, `Issue`, `Commit`, `Snippet`.
    public var noteableType: String?
    /// `create` or `update` (edits, since GitLab 16.11); absent in payloads from older versions.
    public var action: String?
    /// Whether GitLab wrote the note itself ("added 1 commit", "approved this merge request", …).
    public var isSystem: Bool?
    /// Whether the note is confidential or internal, by header, `event_type`, `confidential` or `internal`.
    public var isConfidential: Bool
    /// The author's user id (`user.id`, else `object_attributes.author_id`).
    public var authorID: UserID?
    /// The author's username (`user.username`).
    public var authorUsername: String?
    /// The note's Markdown (`object_attributes.note`), for the mention check only.
    public var text: String?
    /// The thread the note belongs to (`object_attributes.discussion_id`); replies go there.
    public var discussionID: DiscussionID?
    /// The note's kind (`object_attributes.type`): `DiffNote`, `DiscussionNote`, or absent for a plain comment.
    public var noteType: String?
    /// Where a `DiffNote` sits in the diff (`object_attributes.position`).
    public var position: NotePosition?
    /// The merge request the note is on (`merge_request.iid`), for notes on merge requests.
    public var mergeRequestIID: MergeRequestIID?
    /// The merge request's head commit when the note was written (`merge_request.last_commit.id`).
    public var mergeRequestHeadSHA: String?

    /// Creates an event.
    public init(
        projectID: ProjectID?,
        noteID: NoteID?,
        noteableType: String?,
        action: String?,
        isSystem: Bool?,
        isConfidential: Bool,
        authorID: UserID?,
        authorUsername: String?,
        text: String?,
        discussionID: DiscussionID?,
        noteType: String?,
        position: NotePosition?,
        mergeRequestIID: MergeRequestIID?,
        mergeRequestHeadSHA: String?
    ) {
        self.projectID = projectID
        self.noteID = noteID
        self.noteableType = noteableType
        self.action = action
        self.isSystem = isSystem
        self.isConfidential = isConfidential
        self.authorID = authorID
        self.authorUsername = authorUsername
        self.text = text
        self.discussionID = discussionID
        self.noteType = noteType
        self.position = position
        self.mergeRequestIID = mergeRequestIID
        self.mergeRequestHeadSHA = mergeRequestHeadSHA
    }

    /// The event without its text, so logging an event never copies what a person wrote into the logs.
    public var description: String {
        let fields: [(String, String?)] = [
            ("project", projectID.map { "\($0)" }), ("note", noteID.map { "\($0)" }), ("noteable", noteableType),
            ("action", action), ("system", isSystem.map { "\($0)" }), ("confidential", "\(isConfidential)"),
            ("author", authorID.map { "\($0)" }), ("discussion", discussionID), ("type", noteType),
            ("mr", mergeRequestIID.map { "\($0)" }),
        ]
        let shown = fields.compactMap { name, value in value.map { "\(name): \($0)" } }
        return "NoteEvent(\(shown.joined(separator: ", ")))"
    }
}
