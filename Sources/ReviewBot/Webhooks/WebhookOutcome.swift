/// What became of one webhook delivery: it decides the response, and the `outcome` metric label is derived from it.
public enum WebhookOutcome: Sendable, Equatable {
    /// A new job was committed to the queue.
    case enqueued
    /// The job id or `Idempotency-Key` was already known; nothing new was stored.
    case duplicate
    /// The delivery needs no work, for this low-cardinality reason (`draft`, `already_reviewed`, …).
    case ignored(reason: String)
    /// The `X-Gitlab-Token` was missing or wrong.
    case unauthorized
    /// The body is larger than the limit, in bytes.
    case tooLarge(limit: Int)
    /// The body could not be read or is not a GitLab event; the reason is returned to the sender.
    case malformed(reason: String)
    /// The queue could not store the job; GitLab should deliver again.
    case error

    /// A short, low-cardinality form for the `outcome` metric label.
    public var metricLabel: String {
        switch self {
        case .enqueued: "enqueued"
        case .duplicate: "duplicate"
        case .ignored: "ignored"
        case .unauthorized: "unauthorized"
        case .tooLarge: "too_large"
        case .malformed: "malformed"
        case .error: "error"
        }
    }
}
