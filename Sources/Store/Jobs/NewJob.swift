public import WardenCore

/// A job to put on the queue: which forge and merge request, and which head SHA or note, with a deterministic id.
///
/// The type has no room for diffs, prompts, note bodies or model output, so none can reach the store.
public struct NewJob: Sendable, Equatable {
    /// The deterministic id: `review-<project id>-<mr iid>-<head sha>` or `note-<project id>-<mr iid>-<note id>`
    /// on GitLab, `review-github-…` or `note-github-…` on GitHub.
    public var id: String
    /// What the job asks a worker to do.
    public var kind: JobKind
    /// The forge the merge request lives on.
    public var forge: ForgeKind
    /// The forge's numeric project id (GitHub: the repository id).
    public var projectID: ProjectID
    /// The merge request's project-scoped number (GitLab `iid`, GitHub pull request number).
    public var mergeRequestIID: MergeRequestIID
    /// GitHub's `owner/name` of the repository, for the API; `nil` on GitLab, whose API takes the project id.
    public var repository: String?
    /// The GitHub App installation the delivery came through, whose token the worker uses; `nil` otherwise.
    public var installationID: Int?
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
        forge: ForgeKind = .gitlab,
        projectID: ProjectID,
        mergeRequestIID: MergeRequestIID,
        repository: String? = nil,
        installationID: Int? = nil,
        headSHA: String? = nil,
        noteID: NoteID? = nil,
        discussionID: DiscussionID? = nil,
        position: NotePosition? = nil
    ) {
        self.id = id
        self.kind = kind
        self.forge = forge
        self.projectID = projectID
        self.mergeRequestIID = mergeRequestIID
        self.repository = repository
        self.installationID = installationID
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

    /// A review of a GitHub pull request at one head SHA, with the id
    /// `review-github-<repository id>-<pr number>-<head sha>`.
    ///
    /// - Parameters:
    ///   - repositoryID: the repository's numeric id (stable across renames); the job's project id.
    ///   - repository: `owner/name`, for the API.
    ///   - installationID: the App installation the delivery came through, if any.
    ///   - number: the pull request's number; the job's merge request number.
    ///   - headSHA: the head commit to review.
    public static func githubReview(repositoryID: ProjectID, repository: String, installationID: Int?, number: MergeRequestIID, headSHA: String) -> NewJob {
        NewJob(
            id: "review-github-\(repositoryID)-\(number)-\(headSHA)",
            kind: .review,
            forge: .github,
            projectID: repositoryID,
            mergeRequestIID: number,
            repository: repository,
            installationID: installationID,
            headSHA: headSHA
        )
    }

    /// An answer to a GitHub comment that mentions the bot, with the id
    /// `note-github-<repository id>-<pr number>-<comment id>`.
    ///
    /// - Parameters:
    ///   - commentID: the comment to answer; the job's note id.
    ///   - threadCommentID: for a comment in a review thread on a diff line, the thread's top-level comment (the one
    ///     replies go to), kept as the job's discussion id in decimal; `nil` for a comment in the conversation.
    public static func githubNote(
        repositoryID: ProjectID,
        repository: String,
        installationID: Int?,
        number: MergeRequestIID,
        commentID: NoteID,
        threadCommentID: NoteID?
    ) -> NewJob {
        NewJob(
            id: "note-github-\(repositoryID)-\(number)-\(commentID)",
            kind: .note,
            forge: .github,
            projectID: repositoryID,
            mergeRequestIID: number,
            repository: repository,
            installationID: installationID,
            noteID: commentID,
            discussionID: threadCommentID.map { String($0) }
        )
    }
}
