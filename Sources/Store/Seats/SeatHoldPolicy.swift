public import Foundation

/// How long a seat pool is held after a usage limit: a pure decision, tested as a table.
public enum SeatHoldPolicy {
    /// Added to a known reset time: the provider's clock and ours differ a little, and a run started a moment too early
    /// fails again.
    public static let margin: TimeInterval = 10
    /// The first hold when the limit gave no reset time; each further hold in a row doubles it.
    public static let firstBackoff: TimeInterval = 60
    /// The longest hold without a reset time: the limit is tried again at least hourly, and a job is never given up
    /// for this reason alone.
    public static let maximumBackoff: TimeInterval = 3600

    /// When the hold ends.
    ///
    /// - Parameters:
    ///   - resetsAt: when the limit resets, if the provider said; the hold ends ``margin`` after it (never before
    ///     `now`).
    ///   - now: the current time.
    ///   - streak: how many holds in a row came before this one without a run completing (0 for the first).
    /// - Returns: the end of the hold.
    public static func holdUntil(resetsAt: Date?, now: Date, streak: Int) -> Date {
        if let resetsAt {
            return max(resetsAt, now).addingTimeInterval(margin)
        }
        let doublings = min(max(streak, 0), 16)
        let backoff = min(maximumBackoff, firstBackoff * pow(2, Double(doublings)))
        return now.addingTimeInterval(backoff)
    }
}
