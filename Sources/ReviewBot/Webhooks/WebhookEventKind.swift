/// Which GitLab hook a delivery claims to be, from its `X-Gitlab-Event` header.
public enum WebhookEventKind: Sendable, Equatable {
    /// `Merge Request Hook`.
    case mergeRequest
    /// `Note Hook` or `Confidential Note Hook`.
    case note
    /// Any other hook (push, pipeline, …).
    case other
    /// No header at all.
    case none

    /// The kind named by an `X-Gitlab-Event` header.
    /// - Parameter header: The header's value, or `nil` when it is absent.
    public init(header: String?) {
        switch header {
        case "Merge Request Hook": self = .mergeRequest
        case "Note Hook", "Confidential Note Hook": self = .note
        case nil: self = .none
        default: self = .other
        }
    }

    /// A short, low-cardinality form for the `event` metric label.
    public var metricLabel: String {
        switch self {
        case .mergeRequest: "merge_request"
        case .note: "note"
        case .other: "other"
        case .none: "none"
        }
    }
}
