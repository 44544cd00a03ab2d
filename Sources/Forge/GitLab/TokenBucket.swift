/// A token bucket in its exact form (GCRA): a burst of `capacity` calls, then one call per `refillInterval`.
///
/// It reserves rather than refuses: every call to ``reserve(at:)`` takes a slot and says how long the caller must
/// wait for it, so concurrent callers queue in order. Times are offsets from any fixed origin. In any window of
/// length `W` it lets through at most `capacity + W / refillInterval` calls.
public struct TokenBucket: Sendable, Hashable {
    /// The calls allowed at once after a quiet period.
    public let capacity: Int
    /// The time one slot takes to come back.
    public let refillInterval: Duration
    /// When the next slot is free if the bucket were empty (the "theoretical arrival time").
    private var nextFree: Duration

    /// Creates a full bucket.
    /// - Parameters:
    ///   - capacity: the burst size (at least 1).
    ///   - refillInterval: the time one slot takes to come back.
    ///   - now: the current time.
    public init(capacity: Int, refillInterval: Duration, now: Duration = .zero) {
        self.capacity = max(1, capacity)
        self.refillInterval = refillInterval
        self.nextFree = now
    }

    /// Takes a slot.
    /// - Parameter now: the current time.
    /// - Returns: how long to wait before using it; zero when it is free now.
    public mutating func reserve(at now: Duration) -> Duration {
        let tolerance = refillInterval * (capacity - 1)
        let start = max(nextFree, now)
        let allowedAt = start - tolerance
        nextFree = start + refillInterval
        return allowedAt > now ? allowedAt - now : .zero
    }
}
