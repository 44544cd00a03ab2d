public import Foundation

public import WardenCore

/// How the store runs the queue: the operator's ``QueueSettings`` (attempts, lease, retention) plus the store's own
/// tuning (backoff, delivery-key retention, busy timeout) and the clock it reads.
public struct QueueConfiguration: Sendable {
    /// The operator's `[queue]` settings.
    public var settings: QueueSettings
    /// The wait after the first failed attempt; each further failure doubles it.
    public var backoffBase: Duration
    /// The longest wait between attempts.
    public var backoffCap: Duration
    /// How long an `Idempotency-Key` is remembered.
    public var deliveryRetention: Duration
    /// How often, at most, enqueue prunes keys older than ``deliveryRetention`` and jobs older than
    /// ``finishedJobRetention``.
    public var deliveryPruneInterval: Duration
    /// How long a write waits for another connection or process to release the database before failing as busy.
    public var busyTimeout: Duration
    /// The store's clock; tests inject one they can move forward.
    public var now: @Sendable () -> Date

    /// Attempts a job gets before it is `dead`.
    public var maxAttempts: Int { settings.maxAttempts }
    /// How long `done` and `superseded` jobs are kept; a pruned job's id no longer deduplicates (a redelivered
    /// review of a head already reviewed is still ignored by the review store).
    public var finishedJobRetention: Duration { settings.retention }
    /// How long review, thread and remediation records are kept after their last update or use.
    public var recordRetention: Duration { settings.recordRetention }

    /// Creates a configuration; every value has a production default.
    public init(
        _ settings: QueueSettings = QueueSettings(),
        backoffBase: Duration = .seconds(10),
        backoffCap: Duration = .seconds(900),
        deliveryRetention: Duration = .seconds(7 * 24 * 3600),
        deliveryPruneInterval: Duration = .seconds(3600),
        busyTimeout: Duration = .seconds(5),
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.settings = settings
        self.backoffBase = backoffBase
        self.backoffCap = backoffCap
        self.deliveryRetention = deliveryRetention
        self.deliveryPruneInterval = deliveryPruneInterval
        self.busyTimeout = busyTimeout
        self.now = now
    }

    /// The wait before the next attempt after `attempts` failed ones: `backoffBase × 2^(attempts − 1)`, at most
    /// ``backoffCap``.
    public func backoff(afterAttempts attempts: Int) -> Duration {
        let doublings = max(0, attempts - 1)
        guard doublings < 62 else { return backoffCap }
        let wait = backoffBase * (1 << doublings)
        return min(wait, backoffCap)
    }
}

extension Duration {
    /// The duration in seconds, as SQLite timestamps count them.
    var timeInterval: TimeInterval {
        let parts = components
        return TimeInterval(parts.seconds) + TimeInterval(parts.attoseconds) / 1e18
    }
}
