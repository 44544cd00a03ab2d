public import WardenCore

/// A job to put on the queue: which merge request, and which head SHA or note, with a deterministic id.
///
/// The type has no room for diffs, prompts, note bodies or model output, so none can reach the store.
public struct NewJob: Sendable, Equatable {
    /// The deterministic id: `review-<project id>-<mr iid>-<head sha>` or `note-<project id>-<mr iid>-<note id>`.
    public var id: String
    /// What the job asks a worker to do.
    public var kind: JobKind
    /// The forge's numeric project id.
    public var projectID: ProjectID
    /// The merge request's project-scoped number (GitLab `iid`).
    public var mergeRequestIID: MergeRequestIID
    /// The head commit a review job reviews.
    public var headSHA: String?
    /// The note a note job answers.
    public var noteID: NoteID?
    /// The discussion the note belongs to.
    public var discussionID: DiscussionID?
    /// Where the note sits in the diff, for a note on a diff line.
    public var position: NotePosition?

    /// Creates a job from its parts. Prefer ``review(projectID:mergeRequestIID:headSHA:)`` and
    /// ``note(projectID:mergeRequestIID:noteID:discussionID:position:)``, which build the deterministic id.
    public init(
        id: String,
        kind: JobKind,
        projectID: ProjectID,
        mergeRequestIID: MergeRequestIID,
        headSHA: String? = nil,
        noteID: NoteID? = nil,
        discussionID: DiscussionID? = nil,
        position: NotePosition? = nil
    ) {
        self.id = id
        self.kind = kind
        self.projectID = projectID
        self.mergeRequestIID = mergeRequestIID
        self.headSHA = headSHA
        self.noteID = noteID
        self.discussionID = discussionID
        self.position = position
    }

    /// A review of a merge request at one head SHA, with the id `review-<project id>-<mr iid>-<head sha>`.
    public static func review(projectID: ProjectID, mergeRequestIID: MergeRequestIID, headSHA: String) -> NewJob {
        NewJob(
            id: "review-\(projectID)-\(mergeRequestIID)-\(headSHA)",
            kind: .review,
            projectID: projectID,
            mergeRequestIID: mergeRequestIID,
            headSHA: headSHA
        )
    }

    /// An answer to a note, with the id `note-<project id>-<mr iid>-<note id>`.
    public static func note(
        projectID: ProjectID,
        mergeRequestIID: MergeRequestIID,
        noteID: NoteID,
        discussionID: DiscussionID?,
        position: NotePosition? = nil
    ) -> NewJob {
        NewJob(
            id: "note-\(projectID)-\(mergeRequestIID)-\(noteID)",
            kind: .note,
            projectID: projectID,
            mergeRequestIID: mergeRequestIID,
            noteID: noteID,
            discussionID: discussionID,
            position: position
        )
    }
}
