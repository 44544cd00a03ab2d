/// When and how fast the supervisor restarts a worker that died or never became ready.
public struct AppServerRestartPolicy: Sendable, Equatable {
    /// The wait before the first restart after a healthy run.
    public var initialBackoff: Duration
    /// The longest wait between restarts.
    public var maximumBackoff: Duration
    /// The random spread applied to each wait, as a fraction (`0.2` = ±20 %), so replicas that
    /// failed together do not restart in lockstep.
    public var jitter: Double
    /// The sliding window of the restart budget.
    public var window: Duration
    /// Failures within ``window`` after which the supervisor gives up and reports not-live.
    public var maximumFailuresInWindow: Int

    /// Creates a policy; the defaults give up after ten failures within a minute.
    public init(
        initialBackoff: Duration = .milliseconds(500),
        maximumBackoff: Duration = .seconds(30),
        jitter: Double = 0.2,
        window: Duration = .seconds(60),
        maximumFailuresInWindow: Int = 10
    ) {
        self.initialBackoff = initialBackoff
        self.maximumBackoff = maximumBackoff
        self.jitter = min(max(jitter, 0), 1)
        self.window = window
        self.maximumFailuresInWindow = maximumFailuresInWindow
    }

    /// A fresh budget for this policy.
    public func makeBudget() -> RestartBudget {
        RestartBudget(window: window, limit: maximumFailuresInWindow)
    }

    /// The wait before the next restart: doubling from ``initialBackoff`` with each consecutive
    /// failure, capped at ``maximumBackoff``, then spread by ``jitter``.
    ///
    /// - Parameters:
    ///   - consecutiveFailures: failures since the worker was last ready (1 for the first).
    ///   - randomSample: a number in `0...1` (uniform in production; fixed in tests).
    /// - Returns: the wait.
    public func backoff(consecutiveFailures: Int, randomSample: Double) -> Duration {
        let doublings = min(max(consecutiveFailures - 1, 0), 30)
        var base = initialBackoff
        for _ in 0..<doublings where base < maximumBackoff { base = base * 2 }
        base = min(base, maximumBackoff)
        let factor = 1 + jitter * (2 * min(max(randomSample, 0), 1) - 1)
        return base * factor
    }
}
