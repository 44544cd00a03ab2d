import Forge
import WardenCore

/// The forge of a deployment that does not configure it (GitLab, when `warden serve` runs for GitHub alone): every
/// call fails at once with a 403-like refusal naming what to configure, so a job that names that forge (queued by
/// another replica's configuration) fails for good with a clear reason instead of being retried.
struct UnconfiguredForge: ForgeClient {
    /// The user id of nobody, for the bot identity that goes with this forge (no note is ever its).
    static let noUser: UserID = -1

    /// The forge's name, for the error.
    let name: String

    private func refusal(_ operation: String) -> ForgeError {
        .forbidden(operation: operation, message: "\(name) is not configured on this replica; set its URL, token and bot user")
    }

    func currentUser() async throws -> ForgeUser { throw refusal("reading the bot user") }
    func accessLevel(_ project: ProjectRef, user: ForgeUser) async throws -> Int { throw refusal("reading an access level") }
    func project(_ project: ProjectRef) async throws -> Project { throw refusal("reading a project") }
    func mergeRequest(_ project: ProjectRef, iid: MergeRequestIID) async throws -> MergeRequest { throw refusal("reading a merge request") }
    func latestDiffVersion(_ project: ProjectRef, iid: MergeRequestIID) async throws -> DiffVersion { throw refusal("reading a diff version") }
    func headRef(iid: MergeRequestIID) -> String { "refs/merge-requests/\(iid)/head" }
    func diffs(_ project: ProjectRef, iid: MergeRequestIID) async throws -> [FileDiff] { throw refusal("reading diffs") }
    func createMergeRequest(_ project: ProjectRef, _ request: NewMergeRequest) async throws -> MergeRequest { throw refusal("opening a merge request") }
    func discussions(_ project: ProjectRef, iid: MergeRequestIID) async throws -> [Discussion] { throw refusal("reading threads") }
    func createDiscussion(_ project: ProjectRef, iid: MergeRequestIID, body: String, position: DiffPosition?) async throws -> Discussion {
        throw refusal("starting a thread")
    }
    func reply(_ project: ProjectRef, iid: MergeRequestIID, discussionID: DiscussionID, body: String) async throws -> Note { throw refusal("replying") }
    func createNote(_ project: ProjectRef, iid: MergeRequestIID, body: String) async throws -> Note { throw refusal("writing a note") }
    func editNote(_ project: ProjectRef, iid: MergeRequestIID, noteID: NoteID, body: String) async throws -> Note { throw refusal("editing a note") }
    func note(_ project: ProjectRef, iid: MergeRequestIID, noteID: NoteID, discussionID: DiscussionID?) async throws -> Note { throw refusal("reading a note") }
    func addReaction(_ project: ProjectRef, iid: MergeRequestIID, noteID: NoteID, discussionID: DiscussionID?, name: String) async throws {
        throw refusal("reacting")
    }
    func createDraftNote(
        _ project: ProjectRef, iid: MergeRequestIID, body: String, position: DiffPosition?, inReplyToDiscussionID: String?
    ) async throws -> DraftNote { throw refusal("writing a draft") }
    func publishDraftNotes(_ project: ProjectRef, iid: MergeRequestIID) async throws { throw refusal("publishing drafts") }
    func draftNotes(_ project: ProjectRef, iid: MergeRequestIID) async throws -> [DraftNote] { throw refusal("reading drafts") }
    func deleteDraftNote(_ project: ProjectRef, iid: MergeRequestIID, draftID: Int) async throws { throw refusal("deleting a draft") }
    func openIssues(_ project: ProjectRef, label: String) async throws -> [Issue] { throw refusal("reading issues") }
    func createIssueNote(_ project: ProjectRef, issueIID: Int, body: String) async throws -> Note { throw refusal("commenting on an issue") }
}
