public import Foundation
import GRDB

extension SQLiteStore: ScheduledRunStore {
    /// Claims a due time. See ``ScheduledRunStore/claimScheduledRun(schedule:slot:owner:leaseFor:)``; the immediate write
    /// transaction serialises the claims of every process on the file.
    public func claimScheduledRun(schedule: String, slot: Date, owner: String, leaseFor: Duration) async throws -> ScheduledRunClaim {
        let configuration = self.configuration
        return try await write("claim a scheduled run") { db in
            let now = configuration.now()
            let existing = try Row.fetchOne(
                db.cachedStatement(sql: "SELECT \(Self.scheduledRunColumns) FROM schedule_runs WHERE schedule = ?"), arguments: [schedule]
            ).map(Self.scheduledRun(row:))
            let claim = ScheduledRunClaim.decide(existing, slot: slot, now: now)
            guard claim == .claimed else { return claim }
            try db.cachedStatement(
                sql: """
                    INSERT INTO schedule_runs (schedule, slot, owner, lease_expires_at, started_at) VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT (schedule) DO UPDATE SET slot = excluded.slot, owner = excluded.owner,
                        lease_expires_at = excluded.lease_expires_at, started_at = excluded.started_at
                    """
            ).execute(arguments: [
                schedule, slot.timeIntervalSince1970, owner, now.addingTimeInterval(leaseFor.timeInterval).timeIntervalSince1970,
                now.timeIntervalSince1970,
            ])
            return claim
        }
    }

    /// Extends the lease. See ``ScheduledRunStore/renewScheduledRun(schedule:owner:leaseFor:)``.
    public func renewScheduledRun(schedule: String, owner: String, leaseFor: Duration) async throws {
        let configuration = self.configuration
        try await write("renew a scheduled run") { db in
            let expiresAt = configuration.now().addingTimeInterval(leaseFor.timeInterval).timeIntervalSince1970
            try db.cachedStatement(sql: "UPDATE schedule_runs SET lease_expires_at = ? WHERE schedule = ? AND owner = ?")
                .execute(arguments: [expiresAt, schedule, owner])
            guard db.changesCount == 1 else { throw StoreError.scheduledRunLost(schedule: schedule, owner: owner) }
        }
    }

    /// Records the end of a run. See ``ScheduledRunStore/finishScheduledRun(schedule:owner:outcome:)``.
    public func finishScheduledRun(schedule: String, owner: String, outcome: String) async throws {
        let configuration = self.configuration
        try await write("finish a scheduled run") { db in
            try db.cachedStatement(
                sql: """
                    UPDATE schedule_runs SET owner = NULL, lease_expires_at = NULL, finished_at = ?, outcome = ?
                    WHERE schedule = ? AND owner = ?
                    """
            ).execute(arguments: [configuration.now().timeIntervalSince1970, outcome, schedule, owner])
        }
    }

    /// Every record. See ``ScheduledRunStore/scheduledRuns()``.
    public func scheduledRuns() async throws -> [ScheduledRun] {
        try await read("read scheduled runs") { db in
            try Row.fetchAll(db, sql: "SELECT \(Self.scheduledRunColumns) FROM schedule_runs ORDER BY schedule").map(Self.scheduledRun(row:))
        }
    }

    private static let scheduledRunColumns = "schedule, slot, owner, lease_expires_at, started_at, finished_at, outcome"

    private static func scheduledRun(row: Row) -> ScheduledRun {
        ScheduledRun(
            schedule: row["schedule"],
            slot: Date(timeIntervalSince1970: row["slot"]),
            owner: row["owner"],
            leaseExpiresAt: (row["lease_expires_at"] as Double?).map(Date.init(timeIntervalSince1970:)),
            startedAt: Date(timeIntervalSince1970: row["started_at"]),
            finishedAt: (row["finished_at"] as Double?).map(Date.init(timeIntervalSince1970:)),
            outcome: row["outcome"]
        )
    }
}
