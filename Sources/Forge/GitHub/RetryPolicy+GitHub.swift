extension RetryPolicy {
    /// How long to wait before attempt `attempt + 1` of a GitHub call, or `nil` to give up.
    ///
    /// A rate limit waits what GitHub asked (the primary limit's reset, a secondary limit's `retry-after`), at most
    /// ``maximumAdvisedWait``; a secondary limit that advised nothing backs off from one minute, as GitHub's
    /// documentation asks; a 5xx backs off as on GitLab.
    ///
    /// - Parameters:
    ///   - attempt: the attempt that just failed, 1 for the first.
    ///   - status: its HTTP status.
    ///   - rateLimit: the rate limit the answer reports (``GitHubRateLimit/classify(status:remaining:reset:retryAfter:message:secondsSince1970:)``).
    /// - Returns: the wait, or `nil` when the answer is not retried or the attempts are spent.
    public func delay(afterAttempt attempt: Int, status: Int, gitHubRateLimit rateLimit: GitHubRateLimit?) -> Duration? {
        guard attempt < maximumAttempts else { return nil }
        switch rateLimit {
        case .primary(let wait), .secondary(let wait?):
            return min(max(wait, .zero), maximumAdvisedWait)
        case .secondary(nil):
            let backoff = delay(afterAttempt: attempt, status: 429, retryAfter: nil, rateLimitReset: nil, secondsSince1970: 0) ?? .seconds(60)
            return min(max(backoff, .seconds(60)), maximumAdvisedWait)
        case nil:
            // 403 and 429 never get here without a limit; what is left is a 5xx or a final 4xx.
            return (500...599).contains(status)
                ? delay(afterAttempt: attempt, status: status, retryAfter: nil, rateLimitReset: nil, secondsSince1970: 0) : nil
        }
    }
}
