public import WardenCore

/// The calls Warden makes to a forge (GitLab, or GitHub through ``GitHubForge``), in forge-neutral terms.
///
/// Implementations retry rate limits and server errors themselves and throw ``ForgeError`` when they give up or
/// when retrying cannot help. Every method can also throw `CancellationError` when its task is cancelled while
/// waiting to retry.
public protocol ForgeClient: Sendable {
    // MARK: Account

    /// The account the client's credentials belong to (GitLab `GET /user`), so the bot knows its own id.
    /// - Throws: ``ForgeError``.
    func currentUser() async throws -> ForgeUser

    // MARK: Projects

    /// The user's access level on the project, inherited memberships included, on GitLab's scale (GitLab
    /// `GET /projects/:id/members/all/:user_id`, `access_level`: 10 guest … 50 owner; GitHub's repository permission
    /// mapped onto it); 0 when not a member.
    /// - Throws: ``ForgeError``.
    func accessLevel(_ project: ProjectRef, user: ForgeUser) async throws -> Int

    /// Reads a project's metadata.
    /// - Throws: ``ForgeError``.
    func project(_ project: ProjectRef) async throws -> Project

    // MARK: Merge requests

    /// Reads a merge request.
    /// - Throws: ``ForgeError``.
    func mergeRequest(_ project: ProjectRef, iid: MergeRequestIID) async throws -> MergeRequest

    /// Reads the newest diff version of a merge request, whose SHAs inline comments must use.
    /// - Throws: ``ForgeError``; ``ForgeError/notFound(operation:message:)`` when the merge request has no version yet.
    func latestDiffVersion(_ project: ProjectRef, iid: MergeRequestIID) async throws -> DiffVersion

    /// The ref the forge keeps a merge request's head under, which a clone can fetch even when the head is in a fork
    /// (GitLab `refs/merge-requests/<iid>/head`, GitHub `refs/pull/<n>/head`).
    func headRef(iid: MergeRequestIID) -> String

    /// Reads the changes of a merge request's newest version, file by file, across all pages.
    /// - Throws: ``ForgeError``.
    func diffs(_ project: ProjectRef, iid: MergeRequestIID) async throws -> [FileDiff]

    /// Opens a merge request.
    /// - Throws: ``ForgeError``.
    func createMergeRequest(_ project: ProjectRef, _ request: NewMergeRequest) async throws -> MergeRequest

    // MARK: Threads and comments

    /// Reads every thread of a merge request, across all pages.
    /// - Throws: ``ForgeError``.
    func discussions(_ project: ProjectRef, iid: MergeRequestIID) async throws -> [Discussion]

    /// Starts a thread: inline on a diff line when `position` is given, else a general thread.
    /// - Throws: ``ForgeError``; ``ForgeError/invalidPosition(operation:status:message:)`` when the line cannot take a comment.
    func createDiscussion(_ project: ProjectRef, iid: MergeRequestIID, body: String, position: DiffPosition?) async throws -> Discussion

    /// Replies in a thread.
    /// - Throws: ``ForgeError``.
    func reply(_ project: ProjectRef, iid: MergeRequestIID, discussionID: DiscussionID, body: String) async throws -> Note

    /// Writes a comment on the merge request's overview (the status note).
    /// - Throws: ``ForgeError``.
    func createNote(_ project: ProjectRef, iid: MergeRequestIID, body: String) async throws -> Note

    /// Replaces a comment's text (the status note, edited in place).
    /// - Throws: ``ForgeError``.
    func editNote(_ project: ProjectRef, iid: MergeRequestIID, noteID: NoteID, body: String) async throws -> Note

    /// Reads one comment.
    /// - Parameter discussionID: the thread the comment is in, when known (GitHub keeps review-thread comments and
    ///   conversation comments apart; `nil` there means a conversation comment).
    /// - Throws: ``ForgeError``.
    func note(_ project: ProjectRef, iid: MergeRequestIID, noteID: NoteID, discussionID: DiscussionID?) async throws -> Note

    /// Adds a reaction (an award emoji such as `eyes`) to a comment.
    /// - Parameter discussionID: the thread the comment is in, when known, as for ``note(_:iid:noteID:discussionID:)``.
    /// - Throws: ``ForgeError``.
    func addReaction(_ project: ProjectRef, iid: MergeRequestIID, noteID: NoteID, discussionID: DiscussionID?, name: String) async throws

    // MARK: Batched review

    /// Holds a comment back until ``publishDraftNotes(_:iid:)``.
    /// - Parameters:
    ///   - position: where an inline comment sits, or `nil`.
    ///   - inReplyToDiscussionID: the thread it replies to, or `nil` to start one.
    /// - Throws: ``ForgeError``; ``ForgeError/invalidPosition(operation:status:message:)`` when the line cannot take a comment.
    func createDraftNote(
        _ project: ProjectRef,
        iid: MergeRequestIID,
        body: String,
        position: DiffPosition?,
        inReplyToDiscussionID: String?
    ) async throws -> DraftNote

    /// Publishes every held-back comment of the token's user on the merge request at once.
    /// - Throws: ``ForgeError``.
    func publishDraftNotes(_ project: ProjectRef, iid: MergeRequestIID) async throws

    /// Reads the token's user's unpublished comments on the merge request, across all pages (drafts
    /// are visible to their author only).
    /// - Throws: ``ForgeError``.
    func draftNotes(_ project: ProjectRef, iid: MergeRequestIID) async throws -> [DraftNote]

    /// Deletes one unpublished comment.
    /// - Throws: ``ForgeError``; one whose `isNotFound` is set when it is gone.
    func deleteDraftNote(_ project: ProjectRef, iid: MergeRequestIID, draftID: Int) async throws

    // MARK: Issues

    /// Reads the open issues carrying `label`, across all pages.
    /// - Throws: ``ForgeError``.
    func openIssues(_ project: ProjectRef, label: String) async throws -> [Issue]

    /// Writes a comment on an issue.
    /// - Throws: ``ForgeError``.
    func createIssueNote(_ project: ProjectRef, issueIID: Int, body: String) async throws -> Note
}
