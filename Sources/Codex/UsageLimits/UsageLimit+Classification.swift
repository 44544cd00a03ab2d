public import Foundation

extension UsageLimit {
    /// Recognises a usage limit in the message of a failed codex turn; pure, tested as a table over what codex 0.163
    /// prints.
    ///
    /// codex 0.163 answers a ChatGPT plan's `usage_limit_reached` with "You’ve hit your usage limit. … try again at
    /// 11:12 AM." (or "at Dec 9th, 2026 6:45 PM.", or "Try again later." without a reset time), an API key's
    /// `insufficient_quota` with "Quota exceeded. Check your plan and billing details.", and a 429 it gave up retrying
    /// with "exceeded retry limit, last status: 429 Too Many Requests". Status codes are matched with their wording,
    /// never as bare digits, which also occur in URLs and ports.
    ///
    /// - Parameters:
    ///   - message: codex's message.
    ///   - now: the current time, to place a wall-clock reset time on the right day.
    ///   - timeZone: codex's time zone (the child's `TZ`), in which it writes reset times.
    /// - Returns: the limit, or `nil` when the message is about something else.
    public static func classify(message: String, now: Date, timeZone: TimeZone) -> UsageLimit? {
        let text = message.lowercased()
        if ["usage limit", "usage_limit_reached", "usagelimitexceeded"].contains(where: text.contains) {
            return UsageLimit(kind: .plan, resetsAt: ResetTimeText.resetTime(in: message, now: now, timeZone: timeZone))
        }
        if text.contains("quota") {
            return UsageLimit(kind: .quota)
        }
        if ["status 429", "status: 429", "too many requests", "rate limit", "rate_limit_exceeded", "ratelimitexceeded"]
            .contains(where: text.contains)
        {
            return UsageLimit(kind: .rateLimit)
        }
        return nil
    }

    /// Recognises a usage limit in an app-server turn error's `codexErrorInfo` (`usageLimitExceeded`,
    /// `rateLimitExceeded`, an object carrying `httpStatusCode: 429`), falling back to its message.
    ///
    /// - Parameters:
    ///   - kind: the name of the `codexErrorInfo` variant (the string, or the object's one key), if any.
    ///   - httpStatusCode: the object's `httpStatusCode`, if any.
    ///   - message: the error's message.
    ///   - now: the current time.
    ///   - timeZone: codex's time zone.
    /// - Returns: the limit, or `nil` when the error is about something else.
    public static func classify(
        codexErrorInfo kind: String?, httpStatusCode: Int?, message: String, now: Date, timeZone: TimeZone
    ) -> UsageLimit? {
        switch kind {
        case "usageLimitExceeded":
            return UsageLimit(kind: .plan, resetsAt: ResetTimeText.resetTime(in: message, now: now, timeZone: timeZone))
        case "insufficientQuota", "quotaExceeded":
            return UsageLimit(kind: .quota)
        case "rateLimitExceeded":
            return UsageLimit(kind: .rateLimit)
        default:
            if httpStatusCode == 429 { return UsageLimit(kind: .rateLimit) }
            return classify(message: message, now: now, timeZone: timeZone)
        }
    }
}
