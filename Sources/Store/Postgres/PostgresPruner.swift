import Foundation
import Logging
import PostgresNIO

/// Forgets what only history needs, at most once per prune interval per process, inside an enqueue or remediation
/// transaction: the same retentions as the SQLite store's `HistoryPruner` (delivery keys, finished jobs, review,
/// thread, remediation and Codex run records).
final class PostgresPruner: Sendable {
    private let schedule: PruneSchedule

    /// Creates a pruner for the configuration's retentions and interval.
    init(configuration: QueueConfiguration) {
        schedule = PruneSchedule(configuration: configuration)
    }

    /// Deletes expired keys, jobs and records if the last prune by this process is older than the interval.
    func pruneIfDue(_ connection: PostgresConnection, now: Date, logger: Logger) async throws {
        guard let cutoffs = schedule.cutoffsIfDue(at: now) else { return }
        try await connection.query("DELETE FROM deliveries WHERE seen_at < \(cutoffs.deliveries)", logger: logger)
        try await connection.query(
            "DELETE FROM jobs WHERE state IN ('done', 'superseded') AND updated_at < \(cutoffs.finishedJobs)",
            logger: logger
        )
        try await connection.query("DELETE FROM reviews WHERE updated_at < \(cutoffs.records)", logger: logger)
        try await connection.query("DELETE FROM threads WHERE updated_at < \(cutoffs.records)", logger: logger)
        try await connection.query("DELETE FROM remediations WHERE updated_at < \(cutoffs.records)", logger: logger)
        try await connection.query("DELETE FROM codex_runs WHERE finished_at < \(cutoffs.records)", logger: logger)
        // A lease is deleted on release; one left by a crashed holder of a pool nobody uses again goes here.
        try await connection.query("DELETE FROM seat_leases WHERE expires_at < \(cutoffs.deliveries)", logger: logger)
    }
}
