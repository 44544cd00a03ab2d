public import Foundation

/// A usage limit of the Codex seat: the plan's window is spent, the API key's quota is gone, or the provider kept
/// answering 429 after codex's own retries.
///
/// Such a failure says nothing about the job that hit it: every other job on the seat would fail the same way until
/// the limit resets, so the seat is held instead of the job spending attempts.
public struct UsageLimit: Sendable, Equatable {
    /// Which limit was hit.
    public enum Kind: String, Sendable, Equatable {
        /// A ChatGPT plan's usage window (`usage_limit_reached`, `usageLimitExceeded`).
        case plan
        /// An API key's quota or billing limit (`insufficient_quota`).
        case quota
        /// The provider's rate limit, still answering 429 after codex's retries.
        case rateLimit = "rate_limit"
    }

    /// Which limit was hit.
    public let kind: Kind
    /// The earliest instant the limit is known to have reset, when codex said; `nil` when it did not.
    public let resetsAt: Date?

    /// Creates a usage limit.
    public init(kind: Kind, resetsAt: Date? = nil) {
        self.kind = kind
        self.resetsAt = resetsAt
    }

    /// The limit in words for operators and status notes, without the reset time.
    public var summary: String {
        switch kind {
        case .plan: "the Codex plan's usage limit is reached"
        case .quota: "the model provider's quota is exhausted"
        case .rateLimit: "the model provider keeps rate-limiting Codex"
        }
    }
}
