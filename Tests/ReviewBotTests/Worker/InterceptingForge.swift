import Forge
import WardenCore

/// A forge that passes every call to a real client, letting a test step in before each `createDiscussion`: to stall
/// one (as a worker killed mid-publish would leave things) or to refuse one as GitLab can.
struct InterceptingForge: ForgeClient {
    /// Counts `createDiscussion` calls across copies.
    actor Counter {
        private var count = 0
        func next() -> Int {
            count += 1
            return count
        }
    }

    let base: any ForgeClient
    let counter = Counter()
    /// Runs before the `n`th `createDiscussion` call (1-based); throwing fails the call.
    let beforeCreateDiscussion: @Sendable (_ n: Int) async throws -> Void

    /// A forge whose `n`th `createDiscussion` signals `stalled`, then waits until its task is cancelled.
    static func stalling(_ base: any ForgeClient, at n: Int, signal stalled: AsyncStream<Void>.Continuation) -> InterceptingForge {
        InterceptingForge(base: base) { call in
            guard call == n else { return }
            stalled.yield()
            try await Task.sleep(for: .seconds(3600))
        }
    }

    /// A forge that refuses the position of its `n`th `createDiscussion` with GitLab's 400.
    static func refusingPosition(_ base: any ForgeClient, at n: Int) -> InterceptingForge {
        InterceptingForge(base: base) { call in
            guard call == n else { return }
            throw ForgeError.invalidPosition(operation: "POST /projects/7/merge_requests/1/discussions", message: "line_code can't be blank")
        }
    }

    func createDiscussion(_ project: ProjectRef, iid: Int, body: String, position: DiffPosition?) async throws -> Discussion {
        try await beforeCreateDiscussion(await counter.next())
        return try await base.createDiscussion(project, iid: iid, body: body, position: position)
    }

    func currentUser() async throws -> ForgeUser { try await base.currentUser() }
    func accessLevel(_ project: ProjectRef, user: ForgeUser) async throws -> Int { try await base.accessLevel(project, user: user) }
    func project(_ project: ProjectRef) async throws -> Project { try await base.project(project) }
    func mergeRequest(_ project: ProjectRef, iid: Int) async throws -> MergeRequest { try await base.mergeRequest(project, iid: iid) }
    func latestDiffVersion(_ project: ProjectRef, iid: Int) async throws -> DiffVersion { try await base.latestDiffVersion(project, iid: iid) }
    func diffs(_ project: ProjectRef, iid: Int) async throws -> [FileDiff] { try await base.diffs(project, iid: iid) }
    func headRef(iid: Int) -> String { base.headRef(iid: iid) }
    func createMergeRequest(_ project: ProjectRef, _ request: NewMergeRequest) async throws -> MergeRequest {
        try await base.createMergeRequest(project, request)
    }
    func discussions(_ project: ProjectRef, iid: Int) async throws -> [Discussion] { try await base.discussions(project, iid: iid) }
    func reply(_ project: ProjectRef, iid: Int, discussionID: String, body: String) async throws -> Note {
        try await base.reply(project, iid: iid, discussionID: discussionID, body: body)
    }
    func createNote(_ project: ProjectRef, iid: Int, body: String) async throws -> Note { try await base.createNote(project, iid: iid, body: body) }
    func editNote(_ project: ProjectRef, iid: Int, noteID: Int, body: String) async throws -> Note {
        try await base.editNote(project, iid: iid, noteID: noteID, body: body)
    }
    func note(_ project: ProjectRef, iid: Int, noteID: Int, discussionID: String?) async throws -> Note {
        try await base.note(project, iid: iid, noteID: noteID, discussionID: discussionID)
    }
    func addReaction(_ project: ProjectRef, iid: Int, noteID: Int, discussionID: String?, name: String) async throws {
        try await base.addReaction(project, iid: iid, noteID: noteID, discussionID: discussionID, name: name)
    }
    func draftNotes(_ project: ProjectRef, iid: Int) async throws -> [DraftNote] { try await base.draftNotes(project, iid: iid) }
    func deleteDraftNote(_ project: ProjectRef, iid: Int, draftID: Int) async throws {
        try await base.deleteDraftNote(project, iid: iid, draftID: draftID)
    }
    func createDraftNote(
        _ project: ProjectRef,
        iid: Int,
        body: String,
        position: DiffPosition?,
        inReplyToDiscussionID: String?
    ) async throws -> DraftNote {
        try await base.createDraftNote(project, iid: iid, body: body, position: position, inReplyToDiscussionID: inReplyToDiscussionID)
    }
    func publishDraftNotes(_ project: ProjectRef, iid: Int) async throws { try await base.publishDraftNotes(project, iid: iid) }
    func openIssues(_ project: ProjectRef, label: String) async throws -> [Issue] { try await base.openIssues(project, label: label) }
    func createIssueNote(_ project: ProjectRef, issueIID: Int, body: String) async throws -> Note {
        try await base.createIssueNote(project, issueIID: issueIID, body: body)
    }
}
