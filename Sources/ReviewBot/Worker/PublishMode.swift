/// How a review's inline findings reach the merge request.
public enum PublishMode: String, Sendable, Hashable, CaseIterable {
    /// One discussion per finding, created as the review is published (GitLab notifies per discussion).
    case discussions
    /// Draft notes, then one `bulk_publish`, so the author gets one notification for the whole review.
    case batch
}
