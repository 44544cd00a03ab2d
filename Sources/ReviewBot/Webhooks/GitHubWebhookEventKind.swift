/// Which GitHub event a delivery claims to be, from its `X-GitHub-Event` header.
public enum GitHubWebhookEventKind: Sendable, Equatable {
    /// `pull_request`.
    case pullRequest
    /// `issue_comment` (on an issue or a pull request's conversation).
    case issueComment
    /// `pull_request_review_comment` (on a diff line).
    case reviewComment
    /// `ping`, sent when the hook is created.
    case ping
    /// Any other event (push, check_run, …).
    case other
    /// No header at all.
    case none

    /// The kind named by an `X-GitHub-Event` header.
    /// - Parameter header: The header's value, or `nil` when it is absent.
    public init(header: String?) {
        switch header {
        case "pull_request": self = .pullRequest
        case "issue_comment": self = .issueComment
        case "pull_request_review_comment": self = .reviewComment
        case "ping": self = .ping
        case nil: self = .none
        default: self = .other
        }
    }

    /// A short, low-cardinality form for the `event` metric label (GitHub's own event names).
    public var metricLabel: String {
        switch self {
        case .pullRequest: "pull_request"
        case .issueComment: "issue_comment"
        case .reviewComment: "pull_request_review_comment"
        case .ping: "ping"
        case .other: "other"
        case .none: "none"
        }
    }
}
