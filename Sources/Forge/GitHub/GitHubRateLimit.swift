import Foundation

/// Which of GitHub's rate limits an answer reports, and how long it asks the client to wait.
///
/// GitHub has two: the **primary** limit (a budget of requests per hour; `x-ratelimit-remaining: 0` and a reset
/// time in `x-ratelimit-reset`) and **secondary** limits (too many requests at once or too much content created
/// too fast; a `retry-after` header, or only the documented message "You have exceeded a secondary rate limit").
/// Both come as 403 or 429; any other 403 is a permission problem, which waiting cannot fix.
public enum GitHubRateLimit: Sendable, Hashable {
    /// The hourly budget is spent; waiting `wait` (until the reset) lets the call through.
    case primary(wait: Duration)
    /// A secondary limit with the wait GitHub advised, or `nil` when it advised none (then back off, at least a minute).
    case secondary(wait: Duration?)

    /// Classifies a non-2xx answer.
    ///
    /// - Parameters:
    ///   - status: the HTTP status.
    ///   - remaining: the `x-ratelimit-remaining` header.
    ///   - reset: the `x-ratelimit-reset` header (a Unix time in seconds).
    ///   - retryAfter: the `retry-after` header (seconds).
    ///   - message: the error body's `message`, or the body's text.
    ///   - secondsSince1970: the current wall-clock time.
    /// - Returns: the limit hit, or `nil` when the answer is not about a rate limit.
    public static func classify(
        status: Int,
        remaining: String?,
        reset: String?,
        retryAfter: String?,
        message: String,
        secondsSince1970: Double
    ) -> GitHubRateLimit? {
        guard status == 403 || status == 429 else { return nil }
        if let seconds = retryAfter.flatMap({ Int($0.trimmingCharacters(in: .whitespaces)) }) {
            return .secondary(wait: .seconds(max(0, seconds)))
        }
        if message.lowercased().contains("secondary rate limit") {
            return .secondary(wait: nil)
        }
        if remaining?.trimmingCharacters(in: .whitespaces) == "0" {
            guard let resetTime = reset.flatMap({ Double($0.trimmingCharacters(in: .whitespaces)) }) else {
                return .primary(wait: .seconds(60))
            }
            // The reset is a whole second; one more keeps the retry from landing just before it.
            let milliseconds = Int64(((resetTime - secondsSince1970 + 1) * 1000).rounded(.up))
            return .primary(wait: .milliseconds(max(0, milliseconds)))
        }
        // A 429 without any header is still a rate limit; a bare 403 is a permission problem.
        return status == 429 ? .secondary(wait: nil) : nil
    }

    /// A short, low-cardinality form for logs and metric labels.
    public var label: String {
        switch self {
        case .primary: "primary"
        case .secondary: "secondary"
        }
    }
}
