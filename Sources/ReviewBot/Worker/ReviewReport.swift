public import Codex

/// What one review run did, for the worker's log and `warden review`'s output.
public struct ReviewReport: Sendable {
    /// Why a run reviewed nothing.
    public enum Skip: Sendable, Hashable, CustomStringConvertible {
        /// The merge request is closed, merged or locked.
        case notOpen(state: String)
        /// This head was reviewed and published before.
        case alreadyReviewed(headSHA: String)

        /// The reason as a sentence fragment.
        public var description: String {
            switch self {
            case .notOpen(let state): "the merge request is \(state)"
            case .alreadyReviewed(let sha): "head \(sha) was already reviewed"
            }
        }
    }

    /// The merge request's page.
    public var webURL: String
    /// The head that was reviewed.
    public var headSHA: String
    /// Why nothing was reviewed, or `nil` when the review ran.
    public var skipped: Skip?
    /// The model's answer, when the review ran.
    public var output: ReviewOutput?
    /// The comments that were (or, in a dry run, would be) posted.
    public var plan: ReviewPlan?
    /// The status note's text after the review.
    public var summary: String?
    /// The discussions started for inline findings.
    public var postedDiscussionIDs: [String]
    /// The status note's id, unless dry run.
    public var statusNoteID: Int?
    /// The Codex thread of the review.
    public var threadID: ThreadID?
    /// The turn's token usage.
    public var usage: TokenUsage?
    /// Whether nothing was written to the forge.
    public var dryRun: Bool

    /// How many findings the review raised that were not already on the merge request (inline plus summary).
    public var newFindingCount: Int {
        guard let plan else { return 0 }
        return plan.inlineComments.count + plan.unanchoredFindings.count
    }

    static func skipped(_ reason: Skip, webURL: String, headSHA: String, dryRun: Bool) -> ReviewReport {
        ReviewReport(
            webURL: webURL,
            headSHA: headSHA,
            skipped: reason,
            postedDiscussionIDs: [],
            dryRun: dryRun
        )
    }
}
