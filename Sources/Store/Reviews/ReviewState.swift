/// How far the review of one head SHA got.
public enum ReviewState: String, Sendable, Codable, CaseIterable {
    /// A worker is reviewing it.
    case running
    /// The review is published on the merge request.
    case posted
    /// The review failed; the job's last error says why.
    case failed
}
