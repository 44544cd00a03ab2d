public import Codex
import Forge
import Git
import Logging
import Store
public import WardenCore

/// Answers a note that mentions the bot: in a discussion the bot already talks in, it resumes that discussion's
/// Codex thread; elsewhere it starts a thread (with the merge request's context and, for a diff note, the file and
/// line) and records the discussion, so later replies there resume it.
///
/// Turns on one Codex thread never overlap: the discussion's lock is held from the lookup to the record, and the
/// thread's lock around the turn, so two replies at once in two threads of one review wait for each other.
public struct FollowUpResponder: Sendable {
    /// One note to answer, as the job names it.
    public struct Request: Sendable {
        /// The forge's numeric project id.
        public var projectID: ProjectID
        /// The merge request's number within the project.
        public var iid: MergeRequestIID
        /// The note that mentions the bot.
        public var noteID: NoteID
        /// The note's discussion, when the webhook named it.
        public var discussionID: DiscussionID?
        /// Where a diff note sits.
        public var position: NotePosition?

        /// Creates a request.
        public init(
            projectID: ProjectID, iid: MergeRequestIID, noteID: NoteID, discussionID: DiscussionID?, position: NotePosition?
        ) {
            self.projectID = projectID
            self.iid = iid
            self.noteID = noteID
            self.discussionID = discussionID
            self.position = position
        }
    }

    /// The reaction that tells the note's author the bot is on it.
    public static let acknowledgement = "eyes"

    let dependencies: ReviewDependencies

    /// Creates a responder.
    public init(dependencies: ReviewDependencies) {
        self.dependencies = dependencies
    }

    /// Answers one note, unless ``FollowUpGate`` refuses its author (too low a role, too many mentions): then nothing
    /// is posted and no Codex turn runs.
    ///
    /// - Returns: the discussion the answer went to and the Codex thread that wrote it; `nil` when refused.
    /// - Throws: `ForgeError`, `GitError` or `CodexError`, for the worker's failure policy.
    public func answer(_ request: Request) async throws -> (discussionID: DiscussionID, threadID: ThreadID)? {
        let forge = dependencies.forge
        let project = ProjectRef.id(request.projectID)
        let note = try await forge.note(project, iid: request.iid, noteID: request.noteID, discussionID: request.discussionID)
        if let refusal = try await dependencies.followUpGate.refusal(
            author: ForgeUser(id: note.authorID, username: note.authorUsername), projectID: request.projectID, iid: request.iid, settings: dependencies.settings, forge: forge
        ) {
            dependencies.logger.notice(
                "mention not answered",
                metadata: ["note": "\(request.noteID)", "author": "\(note.authorID)", "reason": "\(refusal.metricLabel)"]
            )
            return nil
        }
        try await forge.addReaction(
            project, iid: request.iid, noteID: request.noteID, discussionID: request.discussionID, name: Self.acknowledgement
        )
        let lockKey = "discussion:" + (request.discussionID ?? "note-\(request.noteID)")
        return try await dependencies.threadLocks.withLock(lockKey) {
            let known = try await request.discussionID.asyncFlatMap { try await dependencies.threads.codexThread(forDiscussion: $0) }
            if let known {
                return try await dependencies.threadLocks.withLock("thread:" + known.lowercased()) {
                    try await turn(request, note: note, resuming: known)
                }
            }
            return try await turn(request, note: note, resuming: nil)
        }
    }

    /// Runs one turn in a worktree at the merge request's head and posts the answer.
    ///
    /// A thread whose Codex session is not under this replica's `CODEX_HOME` (no shared volume, or the session was
    /// deleted) is not resumed: a fresh thread starts with the merge request's context, the answer says so, and the
    /// discussion is recorded with the new thread.
    private func turn(_ request: Request, note: Note, resuming threadID: String?) async throws -> (discussionID: DiscussionID, threadID: ThreadID) {
        let forge = dependencies.forge
        let project = ProjectRef.id(request.projectID)
        let mergeRequest = try await forge.mergeRequest(project, iid: request.iid)
        let newThread = FollowUpPrompt.Context.newThread(
            title: mergeRequest.title, description: mergeRequest.description, headSHA: mergeRequest.headSHA
        )
        let prompt = { (context: FollowUpPrompt.Context) in
            FollowUpPrompt(note: note.body, authorUsername: note.authorUsername, position: request.position, context: context).text
        }
        let projectInfo = try await forge.project(project)
        let worktree = try await dependencies.repositories.leaseWorktree(
            project: request.projectID,
            remoteURL: projectInfo.httpURLToRepo,
            credential: dependencies.gitCredential,
            sha: mergeRequest.headSHA,
            fetchRefs: [forge.headRef(iid: request.iid)]
        )
        let run = { (context: FollowUpPrompt.Context, resuming: String?) async throws(CodexError) -> ExecResult in
            try await dependencies.codex(for: .followup).run(
                ExecRequest(
                    prompt: prompt(context),
                    workingDirectory: worktree.path,
                    resumeThread: resuming,
                    timeout: dependencies.codexTimeout,
                    tools: .followUp,
                    subject: .mergeRequest(request.projectID, iid: request.iid)
                )
            )
        }
        let result: ExecResult
        var startedFresh = false
        do {
            do {
                result = try await run(threadID == nil ? newThread : .continuingThread, threadID)
            } catch where error.code == .threadNotFound && threadID != nil {
                dependencies.logger.warning(
                    "the discussion's Codex session is not under this replica's CODEX_HOME; starting a fresh thread",
                    metadata: ["discussion": "\(request.discussionID ?? "")", "thread": "\(threadID ?? "")"]
                )
                startedFresh = true
                result = try await run(newThread, nil)
            }
        } catch {
            await dependencies.remove(worktree)
            throw error
        }
        await dependencies.remove(worktree)
        guard let answer = result.finalMessage, !answer.allSatisfy(\.isWhitespace) else {
            throw CodexError.invalidStructuredOutput(reason: "the turn ended without an answer")
        }
        let body = startedFresh ? FreshThreadNotice.prefixing(SafeMarkdown.block(answer)) : SafeMarkdown.block(answer)
        let discussionID: DiscussionID
        if let existing = request.discussionID {
            _ = try await forge.reply(project, iid: request.iid, discussionID: existing, body: body)
            discussionID = existing
        } else {
            discussionID = try await forge.createDiscussion(project, iid: request.iid, body: body, position: nil).id
        }
        try await dependencies.threads.record(
            discussionID: discussionID,
            codexThreadID: result.threadID.rawValue,
            projectID: request.projectID,
            mergeRequestIID: request.iid
        )
        dependencies.logger.info(
            "follow-up answered",
            metadata: [
                "project": "\(request.projectID)", "mr": "\(request.iid)", "note": "\(request.noteID)",
                "thread": "\(result.threadID)", "resumed": "\(threadID != nil && !startedFresh)",
            ]
        )
        return (discussionID, result.threadID)
    }

}

extension Optional where Wrapped: Sendable {
    /// `flatMap` for an asynchronous transform.
    func asyncFlatMap<Result>(_ transform: (Wrapped) async throws -> Result?) async rethrows -> Result? {
        guard let value = self else { return nil }
        return try await transform(value)
    }
}
