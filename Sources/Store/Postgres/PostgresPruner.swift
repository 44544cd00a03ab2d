import Foundation
import Logging
import PostgresNIO
import Synchronization

/// Forgets what only history needs, at most once per prune interval per process, inside an enqueue or remediation
/// transaction: the same retentions as the SQLite store's `HistoryPruner` (delivery keys, finished jobs, review,
/// thread and remediation records).
final class PostgresPruner: Sendable {
    private let retention: TimeInterval
    private let jobRetention: TimeInterval
    private let recordRetention: TimeInterval
    private let interval: TimeInterval
    private let lastPrune = Mutex<Date?>(nil)

    /// Creates a pruner for the configuration's retentions and interval.
    init(configuration: QueueConfiguration) {
        retention = configuration.deliveryRetention.timeInterval
        jobRetention = configuration.finishedJobRetention.timeInterval
        recordRetention = configuration.recordRetention.timeInterval
        interval = configuration.deliveryPruneInterval.timeInterval
    }

    /// Deletes expired keys, jobs and records if the last prune by this process is older than the interval.
    func pruneIfDue(_ connection: PostgresConnection, now: Date, logger: Logger) async throws {
        let due = lastPrune.withLock { last in
            guard last.map({ now.timeIntervalSince($0) >= interval }) ?? true else { return false }
            last = now
            return true
        }
        guard due else { return }
        let seconds = now.timeIntervalSince1970
        try await connection.query("DELETE FROM deliveries WHERE seen_at < \(seconds - retention)", logger: logger)
        try await connection.query(
            "DELETE FROM jobs WHERE state IN ('done', 'superseded') AND updated_at < \(seconds - jobRetention)",
            logger: logger
        )
        let cutoff = seconds - recordRetention
        try await connection.query("DELETE FROM reviews WHERE updated_at < \(cutoff)", logger: logger)
        try await connection.query("DELETE FROM threads WHERE updated_at < \(cutoff)", logger: logger)
        try await connection.query("DELETE FROM remediations WHERE updated_at < \(cutoff)", logger: logger)
    }
}
