import Foundation
import Synchronization

/// When a store forgets history, and what counts as old then: the retentions of ``QueueConfiguration`` turned into
/// cut-off times, handed out at most once per prune interval per process. Both stores' pruners ask it, so SQLite and
/// PostgreSQL forget the same rows at the same age.
final class PruneSchedule: Sendable {
    /// The oldest `updated_at`/`seen_at` (seconds since 1970) kept, per kind of row.
    struct Cutoffs: Equatable {
        /// Idempotency keys of deliveries.
        var deliveries: Double
        /// `done` and `superseded` jobs.
        var finishedJobs: Double
        /// Review, follow-up thread, remediation and Codex run records.
        var records: Double
    }

    private let configuration: QueueConfiguration
    private let lastPrune = Mutex<Date?>(nil)

    /// A schedule for the configuration's retentions and interval.
    init(configuration: QueueConfiguration) {
        self.configuration = configuration
    }

    /// The cut-offs at `now` when the last prune by this process is older than the interval (and records this one),
    /// else `nil`.
    func cutoffsIfDue(at now: Date) -> Cutoffs? {
        let interval = configuration.deliveryPruneInterval.timeInterval
        let due = lastPrune.withLock { last in
            guard last.map({ now.timeIntervalSince($0) >= interval }) ?? true else { return false }
            last = now
            return true
        }
        guard due else { return nil }
        let seconds = now.timeIntervalSince1970
        return Cutoffs(
            deliveries: seconds - configuration.deliveryRetention.timeInterval,
            finishedJobs: seconds - configuration.finishedJobRetention.timeInterval,
            records: seconds - configuration.recordRetention.timeInterval
        )
    }
}
