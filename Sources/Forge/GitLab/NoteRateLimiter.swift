/// Keeps comment creation under the forge's per-user limit (GitLab: 300 notes a minute by default).
///
/// One limiter is shared by every client that uses the same token. The default (a burst of 20, then one note per
/// 215 ms) lets through at most 20 + 279 = 299 notes in any minute.
public actor NoteRateLimiter {
    private var bucket: TokenBucket
    private let clock: any ForgeClock

    /// Creates a limiter.
    /// - Parameters:
    ///   - burst: the notes allowed at once after a quiet period.
    ///   - refillInterval: the time one note's slot takes to come back.
    ///   - clock: the time source; tests pass one that does not sleep.
    public init(burst: Int = 20, refillInterval: Duration = .milliseconds(215), clock: any ForgeClock = SystemForgeClock()) {
        self.clock = clock
        self.bucket = TokenBucket(capacity: burst, refillInterval: refillInterval, now: clock.now)
    }

    /// Waits until one more note may be created.
    /// - Returns: how long it waited.
    /// - Throws: `CancellationError` when cancelled while waiting (the slot stays used).
    @discardableResult
    public func acquire() async throws -> Duration {
        let wait = bucket.reserve(at: clock.now)
        if wait > .zero {
            try await clock.sleep(for: wait)
        }
        return wait
    }
}
