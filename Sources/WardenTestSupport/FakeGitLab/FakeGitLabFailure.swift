/// An answer the ``FakeGitLab`` gives instead of the real one, to test a client's retries.
public enum FakeGitLabFailure: Sendable, Hashable {
    /// 429 Too Many Requests, with `Retry-After: <seconds>` when given, else without any rate-limit header
    /// (as some GitLab paths answer).
    case rateLimited(retryAfterSeconds: Int?)
    /// 429 Too Many Requests with only `RateLimit-Reset: <unix time>` (no `Retry-After`).
    case rateLimitedUntil(resetUnixTime: Int)
    /// A server error with this status (500, 502, 503…).
    case serverError(status: Int)
}
