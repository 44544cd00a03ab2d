/// Counts a worker's failures in a sliding time window and says when to stop restarting it.
///
/// Old failures slide out of the window, so a crash a day goes on being restarted forever, while
/// ``limit`` crashes within ``window`` (a crash loop) exhaust the budget for good.
public struct RestartBudget: Sendable, Equatable {
    /// The length of the sliding window.
    public let window: Duration
    /// How many failures within one window exhaust the budget.
    public let limit: Int
    private var failures: [ContinuousClock.Instant] = []

    /// Creates an empty budget.
    ///
    /// - Parameters:
    ///   - window: the sliding window.
    ///   - limit: failures within the window that exhaust the budget; at least 1.
    public init(window: Duration, limit: Int) {
        self.window = window
        self.limit = max(1, limit)
    }

    /// Records a failure and tells whether the worker may be restarted.
    ///
    /// - Parameter instant: when the failure happened.
    /// - Returns: `true` while fewer than ``limit`` failures fall within the window ending at
    ///   `instant`; `false` once the budget is exhausted.
    public mutating func recordFailure(at instant: ContinuousClock.Instant) -> Bool {
        failures.append(instant)
        failures.removeAll { $0 <= instant - window }
        return failures.count < limit
    }

    /// The failures that still count at `instant`.
    public func failureCount(at instant: ContinuousClock.Instant) -> Int {
        failures.filter { $0 > instant - window }.count
    }
}
