import Forge

/// A forge that passes every call to a real client, except that one `createDiscussion` call never returns: it
/// signals, then waits until its task is cancelled, as a worker killed mid-publish would leave things.
struct StallingForge: ForgeClient {
    /// Counts `createDiscussion` calls across copies.
    actor Counter {
        private var count = 0
        func next() -> Int {
            count += 1
            return count
        }
    }

    let base: any ForgeClient
    /// The `createDiscussion` call (1-based) that stalls.
    let stallAt: Int
    let counter = Counter()
    let stalled: AsyncStream<Void>.Continuation

    func createDiscussion(_ project: ProjectRef, iid: Int, body: String, position: DiffPosition?) async throws -> Discussion {
        if await counter.next() == stallAt {
            stalled.yield()
            try await Task.sleep(for: .seconds(3600))
        }
        return try await base.createDiscussion(project, iid: iid, body: body, position: position)
    }

    func project(_ project: ProjectRef) async throws -> Project { try await base.project(project) }
    func mergeRequest(_ project: ProjectRef, iid: Int) async throws -> MergeRequest { try await base.mergeRequest(project, iid: iid) }
    func latestDiffVersion(_ project: ProjectRef, iid: Int) async throws -> DiffVersion { try await base.latestDiffVersion(project, iid: iid) }
    func diffs(_ project: ProjectRef, iid: Int) async throws -> [FileDiff] { try await base.diffs(project, iid: iid) }
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
    func note(_ project: ProjectRef, iid: Int, noteID: Int) async throws -> Note { try await base.note(project, iid: iid, noteID: noteID) }
    func addReaction(_ project: ProjectRef, iid: Int, noteID: Int, name: String) async throws {
        try await base.addReaction(project, iid: iid, noteID: noteID, name: name)
    }
    func createDraftNote(_ project: ProjectRef, iid: Int, body: String, position: DiffPosition?, inReplyToDiscussionID: String?) async throws -> DraftNote {
        try await base.createDraftNote(project, iid: iid, body: body, position: position, inReplyToDiscussionID: inReplyToDiscussionID)
    }
    func publishDraftNotes(_ project: ProjectRef, iid: Int) async throws { try await base.publishDraftNotes(project, iid: iid) }
    func openIssues(_ project: ProjectRef, label: String) async throws -> [Issue] { try await base.openIssues(project, label: label) }
    func createIssueNote(_ project: ProjectRef, issueIID: Int, body: String) async throws -> Note {
        try await base.createIssueNote(project, issueIID: issueIID, body: body)
    }
}
