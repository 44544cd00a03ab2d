public import Foundation

/// A hold on a seat pool: no run starts on it until `until`, because the Codex seat hit a usage limit (or a window
/// reached the reserve). Stored so every replica sees it.
public struct SeatHold: Sendable, Equatable {
    /// The pool held, e.g. ``LeasedSeats/codexPool``.
    public let pool: String
    /// When runs may start again, by the store's clock.
    public let until: Date
    /// Why, for operators (`warden queue list`, `/healthz`).
    public let reason: String
    /// How many holds in a row the pool has had without a run completing since; the backoff of a limit without a reset
    /// time grows with it.
    public let streak: Int

    /// Creates a hold value.
    public init(pool: String, until: Date, reason: String, streak: Int) {
        self.pool = pool
        self.until = until
        self.reason = reason
        self.streak = streak
    }

    /// Whether the hold still keeps runs from starting at `now`.
    public func isActive(at now: Date) -> Bool { until > now }
}
