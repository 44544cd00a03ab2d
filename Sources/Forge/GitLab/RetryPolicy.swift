import Foundation

/// How a forge client retries: how often, and how long it waits between attempts.
///
/// A 429 waits what the forge advises (`Retry-After`, else `RateLimit-Reset`), or backs off exponentially when it
/// sends neither (GitLab omits them on some paths). A 5xx backs off exponentially. Backoff doubles from its
/// initial value and never exceeds ``maximumBackoff``. Authentication failures and other 4xx are never retried.
public struct RetryPolicy: Sendable, Hashable {
    /// The most attempts of one call, the first included.
    public var maximumAttempts: Int
    /// The first wait after a server error; doubled after each further one.
    public var serverErrorBackoff: Duration
    /// The first wait after a 429 that advised nothing; doubled after each further one.
    public var rateLimitBackoff: Duration
    /// The longest backoff wait.
    public var maximumBackoff: Duration
    /// The longest wait the forge may ask for, so a broken header cannot stall a worker for hours.
    public var maximumAdvisedWait: Duration

    /// Creates a policy.
    public init(
        maximumAttempts: Int = 5,
        serverErrorBackoff: Duration = .seconds(1),
        rateLimitBackoff: Duration = .seconds(10),
        maximumBackoff: Duration = .seconds(60),
        maximumAdvisedWait: Duration = .seconds(600)
    ) {
        self.maximumAttempts = max(1, maximumAttempts)
        self.serverErrorBackoff = serverErrorBackoff
        self.rateLimitBackoff = rateLimitBackoff
        self.maximumBackoff = maximumBackoff
        self.maximumAdvisedWait = maximumAdvisedWait
    }

    /// How long to wait before attempt `attempt + 1` of a call that got `status`, or `nil` to give up.
    /// - Parameters:
    ///   - attempt: the attempt that just failed, 1 for the first.
    ///   - status: its HTTP status.
    ///   - retryAfter: the `Retry-After` header: seconds or an HTTP date.
    ///   - rateLimitReset: the `RateLimit-Reset` header: a Unix time in seconds.
    ///   - secondsSince1970: the current wall-clock time.
    /// - Returns: the wait, or `nil` when the status is not retried or the attempts are spent.
    public func delay(
        afterAttempt attempt: Int,
        status: Int,
        retryAfter: String?,
        rateLimitReset: String?,
        secondsSince1970: Double
    ) -> Duration? {
        guard attempt < maximumAttempts else { return nil }
        if status == 429 {
            if let advised = Self.advisedWait(retryAfter: retryAfter, rateLimitReset: rateLimitReset, secondsSince1970: secondsSince1970) {
                return min(max(advised, .zero), maximumAdvisedWait)
            }
            return backoff(from: rateLimitBackoff, attempt: attempt)
        }
        if (500...599).contains(status) {
            return backoff(from: serverErrorBackoff, attempt: attempt)
        }
        return nil
    }

    /// How long to wait after a request that got no answer, or `nil` once the attempts are spent.
    public func delayAfterTransportFailure(attempt: Int) -> Duration? {
        guard attempt < maximumAttempts else { return nil }
        return backoff(from: serverErrorBackoff, attempt: attempt)
    }

    private func backoff(from initial: Duration, attempt: Int) -> Duration {
        var wait = initial
        for _ in 1..<max(1, attempt) {
            wait *= 2
            if wait >= maximumBackoff { return maximumBackoff }
        }
        return min(wait, maximumBackoff)
    }

    private static func advisedWait(retryAfter: String?, rateLimitReset: String?, secondsSince1970: Double) -> Duration? {
        if let retryAfter = retryAfter?.trimmingCharacters(in: .whitespaces), !retryAfter.isEmpty {
            if let seconds = Int(retryAfter) {
                return .seconds(seconds)
            }
            if let date = httpDate(retryAfter) {
                return .milliseconds(Int64(((date.timeIntervalSince1970 - secondsSince1970) * 1000).rounded(.up)))
            }
        }
        if let reset = rateLimitReset.flatMap({ Double($0.trimmingCharacters(in: .whitespaces)) }) {
            return .milliseconds(Int64(((reset - secondsSince1970) * 1000).rounded(.up)))
        }
        return nil
    }

    /// Parses an RFC 9110 IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`).
    private static func httpDate(_ text: String) -> Date? {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        return formatter.date(from: text)
    }
}
