import Codex
import Forge
import Git
import Logging
import Store
public import WardenCore

/// Reviews one merge request end to end: reads it, checks out its head, runs Codex, publishes the findings and
/// records the review. The worker runs it for queued jobs; `warden review` runs it in the foreground.
///
/// Publishing is idempotent: the merge request's threads are listed right before posting and a finding whose
/// fingerprint is already there is skipped, so a job retried after a crash never posts a finding twice.
public struct MergeRequestReviewer: Sendable {
    /// The review's inputs beyond the dependencies.
    public struct Request: Sendable {
        /// The forge's numeric project id.
        public var projectID: ProjectID
        /// The merge request's number within the project.
        public var iid: MergeRequestIID
        /// Print instead of posting: no status note, no discussions, no records.
        public var dryRun: Bool

        /// Creates a request.
        public init(projectID: ProjectID, iid: MergeRequestIID, dryRun: Bool = false) {
            self.projectID = projectID
            self.iid = iid
            self.dryRun = dryRun
        }
    }

    /// The file on the project's default branch holding the maintainers' review instructions.
    public static let instructionsPath = ".warden/review.md"

    let dependencies: ReviewDependencies

    /// Creates a reviewer.
    public init(dependencies: ReviewDependencies) {
        self.dependencies = dependencies
    }

    /// Runs one review.
    ///
    /// - Parameters:
    ///   - request: which merge request, and whether to post.
    ///   - onStatusNote: called once the status note says "reviewing", with its id.
    /// - Returns: what was reviewed and posted.
    /// - Throws: `ForgeError`, `GitError` or `CodexError`, for the worker's failure policy.
    public func review(_ request: Request, onStatusNote: @Sendable (Int) async -> Void = { _ in }) async throws -> ReviewReport {
        let forge = dependencies.forge
        let logger = dependencies.logger
        let project = ProjectRef.id(request.projectID)
        let iid = request.iid
        let mergeRequest = try await forge.mergeRequest(project, iid: iid)
        guard mergeRequest.state == .opened else {
            return .skipped(
                .notOpen(state: mergeRequest.state.rawValue),
                webURL: mergeRequest.webURL,
                headSHA: mergeRequest.headSHA,
                dryRun: request.dryRun
            )
        }
        let version = try await forge.latestDiffVersion(project, iid: iid)
        if !request.dryRun, let latest = try await dependencies.reviews.latest(forge: dependencies.forgeKind, projectID: request.projectID, mergeRequestIID: iid),
            latest.headSHA == version.headSHA, latest.state == .posted
        {
            return .skipped(.alreadyReviewed(headSHA: version.headSHA), webURL: mergeRequest.webURL, headSHA: version.headSHA, dryRun: false)
        }
        let statusWriter = StatusNoteWriter(forge: forge, bot: dependencies.bot)
        let discussions = try await forge.discussions(project, iid: iid)
        let existingStatus = statusWriter.find(in: discussions)
        let status: StatusNoteWriter.Found?
        if request.dryRun {
            status = existingStatus
        } else {
            let written = try await statusWriter.write(
                StatusNote.reviewing(headSHA: version.headSHA, previous: existingStatus?.marker),
                project: project,
                iid: iid,
                existing: existingStatus
            )
            await onStatusNote(written.note.id)
            status = written
        }
        let files = try await forge.diffs(project, iid: iid)
        let projectInfo = try await forge.project(project)
        let worktree = try await dependencies.repositories.leaseWorktree(
            project: request.projectID,
            remoteURL: projectInfo.httpURLToRepo,
            credential: dependencies.gitCredential,
            sha: version.headSHA,
            fetchRefs: [forge.headRef(iid: iid)]
        )
        let result: StructuredExecResult<ReviewOutput>
        let runSeconds: Double
        do {
            let instructions = try await repositoryInstructions(project: request.projectID, info: projectInfo)
            let scope = try await scope(
                project: request.projectID,
                version: version,
                lastReviewed: status?.marker.reviewedSHA,
                discussions: discussions
            )
            let prompt = ReviewPrompt(
                title: mergeRequest.title,
                description: mergeRequest.description,
                repositoryInstructions: instructions,
                scope: scope
            )
            logger.info(
                "running codex review",
                metadata: ["project": "\(request.projectID)", "mr": "\(iid)", "head": "\(version.headSHA)", "scope": "\(scope.label)"]
            )
            let runStarted = ContinuousClock.now
            result = try await dependencies.codex(for: .review).run(
                ExecRequest(
                    prompt: prompt.text,
                    workingDirectory: worktree.path,
                    timeout: dependencies.codexTimeout,
                    tools: .review,
                    subject: .mergeRequest(request.projectID, iid: iid)
                ),
                expecting: ReviewOutput.self
            )
            runSeconds = (ContinuousClock.now - runStarted).inSeconds
        } catch {
            await dependencies.remove(worktree)
            throw error
        }
        await dependencies.remove(worktree)

        let current = request.dryRun ? discussions : try await forge.discussions(project, iid: iid)
        let plan = ReviewPlan(
            output: result.output,
            files: files,
            version: version,
            selection: dependencies.settings.selection,
            deduplicator: FindingDeduplicator(discussions: current, botUserID: dependencies.bot.userID)
        )
        var report = ReviewReport(
            webURL: mergeRequest.webURL,
            headSHA: version.headSHA,
            output: result.output,
            postedDiscussionIDs: [],
            threadID: result.run.threadID,
            usage: result.run.turnUsage,
            dryRun: request.dryRun
        )
        guard !request.dryRun, let found = status else {
            report.plan = plan
            report.summary = StatusNote.summary(headSHA: version.headSHA, output: result.output, plan: plan)
            return report
        }
        let (published, posted) = try await publish(plan, files: files, project: project, iid: iid, headSHA: version.headSHA)
        var summary = StatusNote.summary(headSHA: version.headSHA, output: result.output, plan: published)
        if dependencies.settings.showUsage {
            let tokens = RunTokens(result.run.turnUsage)
            let cost = dependencies.prices.cost(of: tokens, model: dependencies.codexModel)
            summary += "\n\n" + StatusNote.usageLine(tokens: tokens, seconds: runSeconds, costUSD: cost)
        }
        let note = try await statusWriter.write(summary, project: project, iid: iid, existing: found)
        let threadID = result.run.threadID.rawValue
        for discussionID in posted + [note.discussionID] where !discussionID.isEmpty {
            try await dependencies.threads.record(
                discussionID: discussionID,
                codexThreadID: threadID,
                projectID: request.projectID,
                mergeRequestIID: iid
            )
        }
        let usage = result.run.turnUsage
        try await dependencies.reviews.record(
            ReviewRecord(
                forge: dependencies.forgeKind,
                projectID: request.projectID,
                mergeRequestIID: iid,
                headSHA: version.headSHA,
                state: .posted,
                statusNoteID: note.note.id,
                codexThreadID: threadID,
                inputTokens: Int64(usage.inputTokens),
                cachedInputTokens: Int64(usage.cachedInputTokens),
                outputTokens: Int64(usage.outputTokens),
                reasoningTokens: Int64(usage.reasoningOutputTokens),
                findings: published.inlineComments.count + published.unanchoredFindings.count
            )
        )
        logger.info(
            "review posted",
            metadata: [
                "project": "\(request.projectID)", "mr": "\(iid)", "head": "\(version.headSHA)",
                "inline": "\(published.inlineComments.count)", "summary_only": "\(published.unanchoredFindings.count)",
                "duplicates": "\(published.duplicateCount)", "thread": "\(threadID)",
            ]
        )
        report.plan = published
        report.summary = summary
        report.postedDiscussionIDs = posted
        report.statusNoteID = note.note.id
        return report
    }

    // MARK: Steps

    /// The maintainers' instructions from the project's default branch, freshly fetched into the bare clone and
    /// read there with git, never from the worktree: the merge request's author controls its head, and may choose
    /// its target branch too (one they pushed themselves), but not the default branch. `nil` when the project has
    /// no default branch (an empty repository) or the file is not there.
    private func repositoryInstructions(project: ProjectID, info: Project) async throws -> String? {
        guard let branch = info.defaultBranch else { return nil }
        let ref = "refs/heads/\(branch)"
        let cache = dependencies.repositories
        try await cache.fetch(project: project, remoteURL: info.httpURLToRepo, credential: dependencies.gitCredential, refs: [ref])
        return try await cache.fileContents(project: project, revision: ref, path: Self.instructionsPath)
    }

    /// The whole merge request, or only the commits since the last finished review when that head is an ancestor
    /// of the new one (after a force push the old head is not, and everything is in scope again).
    private func scope(project: ProjectID, version: DiffVersion, lastReviewed: String?, discussions: [Discussion]) async throws -> ReviewPrompt.Scope {
        let full = ReviewPrompt.Scope.full(baseSHA: version.baseSHA, headSHA: version.headSHA)
        guard let last = lastReviewed, last != version.headSHA else { return full }
        let repositories = dependencies.repositories
        let unreachable = await Self.gitResult { () async throws(GitError) -> [String] in
            try await repositories.commits(project: project, from: version.headSHA, to: last)
        }
        switch unreachable {
        case .success(let commits) where commits.isEmpty: break
        case .success: return full
        case .failure(let error):
            guard error.isRevisionNotFound else { throw error }
            return full
        }
        return .sinceLastReview(
            lastReviewedSHA: last,
            baseSHA: version.baseSHA,
            headSHA: version.headSHA,
            alreadyPosted: PostedFinding.all(in: discussions, botUserID: dependencies.bot.userID)
        )
    }

    /// Posts the plan's inline comments the forge's way, and finds the threads they started (by their fingerprints,
    /// among the bot's threads).
    ///
    /// - Returns: the plan as published (refused positions moved to the summary) and the discussions started.
    private func publish(_ plan: ReviewPlan, files: [FileDiff], project: ProjectRef, iid: Int, headSHA: String) async throws -> (ReviewPlan, [String]) {
        let published = try await dependencies.publisher(files: files).publish(plan, project: project, iid: iid, headSHA: headSHA)
        guard !published.inlineComments.isEmpty else { return (published, []) }
        let fingerprints = Set(published.inlineComments.map(\.fingerprint))
        let started = try await dependencies.forge.discussions(project, iid: iid).compactMap { discussion -> String? in
            guard let first = discussion.notes.first, dependencies.bot.wrote(first),
                let fingerprint = FindingFingerprint(markerIn: first.body), fingerprints.contains(fingerprint)
            else { return nil }
            return discussion.id
        }
        return (published, started)
    }

    /// Runs a git step, keeping its typed failure as a value, so callers can branch on the kind of failure.
    private static func gitResult<Value: Sendable>(_ body: () async throws(GitError) -> Value) async -> Result<Value, GitError> {
        do {
            return .success(try await body())
        } catch {
            return .failure(error)
        }
    }

}

extension ReviewPrompt.Scope {
    /// `full` or `since_last_review`, for logs.
    var label: String {
        switch self {
        case .full: "full"
        case .sinceLastReview: "since_last_review"
        }
    }
}
