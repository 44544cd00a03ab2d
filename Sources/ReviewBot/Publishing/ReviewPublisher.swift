public import Forge

/// Puts a review's inline findings on the forge, the way that forge does it best: GitLab threads (one by one, or as
/// drafts published at once), or one GitHub pull request review.
///
/// Publishing must be safe to repeat: the plan already leaves out findings whose fingerprint is on the merge request,
/// and a publisher must not post a comment twice when a job retried after a crash runs it again.
public protocol ReviewPublisher: Sendable {
    /// Posts the plan's inline comments.
    ///
    /// - Parameters:
    ///   - plan: what to post.
    ///   - project: the project (a GitHub publisher is bound to its repository and does not read it).
    ///   - iid: the merge request's (pull request's) number.
    ///   - headSHA: the head the review is about.
    /// - Returns: the plan as published: a comment whose anchor the forge still refused moves to the unanchored
    ///   findings.
    /// - Throws: ``ForgeError``.
    func publish(_ plan: ReviewPlan, project: ProjectRef, iid: Int, headSHA: String) async throws -> ReviewPlan
}

extension ReviewPlan.InlineComment {
    /// The finding as the summary lists it when the forge refuses its position.
    var unanchored: ReviewPlan.UnanchoredFinding {
        ReviewPlan.UnanchoredFinding(
            finding: finding,
            path: position.newLine != nil ? position.newPath : position.oldPath,
            line: position.newLine ?? position.oldLine ?? finding.endLine,
            reason: .lineNotInDiff
        )
    }
}
