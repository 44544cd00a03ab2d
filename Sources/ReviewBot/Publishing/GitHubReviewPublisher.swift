import Forge
import Logging

/// Publishes findings on GitHub as **one** pull request review (`event: COMMENT`) on the head commit: one
/// notification, every anchored finding at its `line`/`side`, and the findings no diff line fits in the review's body
/// with their `path:line`.
///
/// Anchors are checked against the parsed hunks first (``GitHubReviewAnchors``). GitHub refuses a whole review for one
/// bad anchor; should it still answer 422 about anchors, the refused ones are found by ``AnchorBisection`` over
/// pending reviews (visible to the bot only, deleted at once) and the review is posted without them, so the rest is
/// not lost.
///
/// GitHub allows one pending review per user and pull request and refuses every new review (pending or not) while one
/// exists. A process that died in the middle of a bisection leaves its trial behind, so the bot's own pending reviews
/// are deleted before anything is posted; nobody else's is touched (GitHub does not even list them to the bot).
struct GitHubReviewPublisher: ReviewPublisher {
    let client: GitHubClient
    let repository: GitHubRepositoryRef
    /// The bot's account id: only its pending reviews are deleted.
    let botUserID: Int
    /// The pull request's files, for checking anchors.
    let files: [FileDiff]
    let logger: Logger

    func publish(_ planned: ReviewPlan, project: ProjectRef, iid: Int, headSHA: String) async throws -> ReviewPlan {
        var plan = planned
        var anchored: [(comment: ReviewPlan.InlineComment, review: GitHubNewReview.Comment)] = []
        var refused: [ReviewPlan.UnanchoredFinding] = []
        for comment in plan.inlineComments {
            if let anchor = GitHubReviewAnchors.anchor(for: comment, in: files) {
                anchored.append((comment, GitHubNewReview.Comment(anchor: anchor, body: comment.body)))
            } else {
                refused.append(comment.unanchored)
            }
        }
        let outside = { (extra: [ReviewPlan.UnanchoredFinding]) in plan.unanchoredFindings + refused + extra }
        guard !anchored.isEmpty || !outside([]).isEmpty else {
            plan.inlineComments = []
            return plan
        }
        let review = { (comments: [GitHubNewReview.Comment], unanchored: [ReviewPlan.UnanchoredFinding]) in
            GitHubNewReview(commitID: headSHA, body: Self.body(headSHA: headSHA, outside: unanchored), comments: comments)
        }
        try await discardStalePendingReviews(number: iid)
        do {
            _ = try await client.createReview(repository, number: iid, review(anchored.map(\.review), outside([])))
        } catch let error as ForgeError where error.isInvalidPosition {
            logger.warning("github refused an anchor of the review; finding which", metadata: ["pr": "\(iid)", "error": "\(error)"])
            let bad = Set(
                try await AnchorBisection.refused(count: anchored.count) { subset in
                    try await accepts(subset.map { anchored[$0].review }, number: iid, headSHA: headSHA)
                }
            )
            let rejected = bad.sorted().map { anchored[$0].comment.unanchored }
            anchored = anchored.enumerated().filter { !bad.contains($0.offset) }.map(\.element)
            refused += rejected
            logger.warning("posting the review without the refused anchors", metadata: ["pr": "\(iid)", "refused": "\(rejected.count)"])
            _ = try await client.createReview(repository, number: iid, review(anchored.map(\.review), outside([])))
        }
        plan.inlineComments = anchored.map(\.comment)
        plan.unanchoredFindings += refused
        return plan
    }

    /// Deletes the bot's pending reviews on the pull request: trials of a bisection a crash interrupted.
    private func discardStalePendingReviews(number: Int) async throws {
        for stale in try await client.reviews(repository, number: number) where stale.isPending && stale.authorID == botUserID {
            logger.warning("deleting a pending review left by an interrupted publication", metadata: ["pr": "\(number)", "review": "\(stale.id)"])
            try await client.deletePendingReview(repository, number: number, reviewID: stale.id)
        }
    }

    /// Whether GitHub takes these comments, asked with a pending review that is deleted at once.
    private func accepts(_ comments: [GitHubNewReview.Comment], number: Int, headSHA: String) async throws -> Bool {
        let trial = GitHubNewReview(commitID: headSHA, body: "", comments: comments)
        let id: Int
        do {
            id = try await client.createPendingReview(repository, number: number, trial)
        } catch let error as ForgeError where error.isInvalidPosition {
            return false
        }
        try await client.deletePendingReview(repository, number: number, reviewID: id)
        return true
    }

    /// The review's text: the findings no diff line fits, or a line saying the comments are below.
    static func body(headSHA: String, outside: [ReviewPlan.UnanchoredFinding]) -> String {
        let title = "Warden review of \(SafeMarkdown.codeSpan(StatusNote.shortSHA(headSHA)))"
        guard let list = StatusNote.unanchoredList(outside) else { return "\(title): the findings are on the lines below." }
        return "\(title): not on a diff line\n\n\(list)"
    }
}
