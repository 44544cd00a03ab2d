public import Foundation
import PostgresNIO

extension PostgresStore: ScheduledRunStore {
    /// Claims a due time. See ``ScheduledRunStore/claimScheduledRun(schedule:slot:owner:leaseFor:)``.
    ///
    /// A transaction advisory lock on the entry serialises the claims of every replica (a row lock cannot, before the
    /// entry's first row exists), so two replicas waking at the same due time never both run it.
    public func claimScheduledRun(schedule: String, slot: Date, owner: String, leaseFor: Duration) async throws -> ScheduledRunClaim {
        let logger = self.logger
        let configuration = self.configuration
        return try await transaction("claim a scheduled run") { connection in
            let key = "schedule:\(schedule)"
            try await connection.query("SELECT pg_advisory_xact_lock(hashtextextended(\(key), 0))", logger: logger)
            let now = configuration.now()
            let rows = try await connection.query(
                "SELECT \(unescaped: Self.scheduledRunColumns) FROM schedule_runs WHERE schedule = \(schedule)", logger: logger
            ).collect()
            let existing = try rows.first.map(Self.scheduledRun(row:))
            let claim = ScheduledRunClaim.decide(existing, slot: slot, now: now)
            guard claim == .claimed else { return claim }
            let slotTime = slot.timeIntervalSince1970
            let expiresAt = now.addingTimeInterval(leaseFor.timeInterval).timeIntervalSince1970
            let startedAt = now.timeIntervalSince1970
            try await connection.query(
                """
                INSERT INTO schedule_runs (schedule, slot, owner, lease_expires_at, started_at)
                VALUES (\(schedule), \(slotTime), \(owner), \(expiresAt), \(startedAt))
                ON CONFLICT (schedule) DO UPDATE SET slot = excluded.slot, owner = excluded.owner,
                    lease_expires_at = excluded.lease_expires_at, started_at = excluded.started_at
                """,
                logger: logger
            )
            return claim
        }
    }

    /// Extends the lease. See ``ScheduledRunStore/renewScheduledRun(schedule:owner:leaseFor:)``.
    public func renewScheduledRun(schedule: String, owner: String, leaseFor: Duration) async throws {
        let expiresAt = configuration.now().addingTimeInterval(leaseFor.timeInterval).timeIntervalSince1970
        let rows = try await fetch(
            "renew a scheduled run",
            "UPDATE schedule_runs SET lease_expires_at = \(expiresAt) WHERE schedule = \(schedule) AND owner = \(owner) RETURNING 1"
        )
        guard !rows.isEmpty else { throw StoreError.scheduledRunLost(schedule: schedule, owner: owner) }
    }

    /// Records the end of a run. See ``ScheduledRunStore/finishScheduledRun(schedule:owner:outcome:)``.
    public func finishScheduledRun(schedule: String, owner: String, outcome: String) async throws {
        let finishedAt = configuration.now().timeIntervalSince1970
        _ = try await fetch(
            "finish a scheduled run",
            """
            UPDATE schedule_runs SET owner = NULL, lease_expires_at = NULL, finished_at = \(finishedAt), outcome = \(outcome)
            WHERE schedule = \(schedule) AND owner = \(owner)
            """
        )
    }

    /// Every record. See ``ScheduledRunStore/scheduledRuns()``.
    public func scheduledRuns() async throws -> [ScheduledRun] {
        let rows = try await fetch("read scheduled runs", "SELECT \(unescaped: Self.scheduledRunColumns) FROM schedule_runs ORDER BY schedule")
        return try rows.map(Self.scheduledRun(row:))
    }

    private static let scheduledRunColumns = "schedule, slot, owner, lease_expires_at, started_at, finished_at, outcome"

    private static func scheduledRun(row: PostgresRow) throws -> ScheduledRun {
        let (schedule, slot, owner, expiresAt, startedAt, finishedAt, outcome) = try row.decode(
            (String, Double, String?, Double?, Double, Double?, String?).self
        )
        return ScheduledRun(
            schedule: schedule,
            slot: Date(timeIntervalSince1970: slot),
            owner: owner,
            leaseExpiresAt: expiresAt.map(Date.init(timeIntervalSince1970:)),
            startedAt: Date(timeIntervalSince1970: startedAt),
            finishedAt: finishedAt.map(Date.init(timeIntervalSince1970:)),
            outcome: outcome
        )
    }
}
