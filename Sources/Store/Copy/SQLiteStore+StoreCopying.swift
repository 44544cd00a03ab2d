import Foundation
import GRDB
import WardenCore

extension SQLiteStore: StoreCopying {
    /// Every row of the file. See ``StoreCopying/snapshot()``.
    public func snapshot() async throws -> StoreSnapshot {
        try await read("read the whole store") { db in
            var snapshot = StoreSnapshot()
            snapshot.jobs = try Row.fetchAll(db, sql: "SELECT \(Self.jobColumns) FROM jobs").map(JobRecord.init(row:))
            snapshot.deliveries = try Row.fetchAll(db, sql: "SELECT key, seen_at FROM deliveries").map { row in
                DeliveryKey(key: row[0], seenAt: Date(timeIntervalSince1970: row[1]))
            }
            snapshot.pause = try Self.fetchPauseState(db)
            snapshot.reviews = try Row.fetchAll(db, sql: "SELECT \(Self.reviewColumns) FROM reviews").map(Self.reviewRecord)
            snapshot.threads = try Row.fetchAll(
                db,
                sql: "SELECT discussion_id, codex_thread_id, project_id, merge_request_iid, created_at, updated_at FROM threads"
            ).map { row in
                ThreadRecord(
                    discussionID: row[0], codexThreadID: row[1], projectID: row[2], mergeRequestIID: row[3],
                    createdAt: Date(timeIntervalSince1970: row[4]), updatedAt: Date(timeIntervalSince1970: row[5])
                )
            }
            snapshot.remediations = try Row.fetchAll(
                db,
                sql: """
                    SELECT project_id, day, finding_id, outcome, merge_request_iid, input_tokens, output_tokens, created_at, forge
                    FROM remediations
                    """
            ).map { row in
                RemediationRecord(
                    forge: try ForgeKind.stored(row[8], table: "remediations"),
                    projectID: row[0], day: row[1], findingID: row[2], outcome: row[3], mergeRequestIID: row[4],
                    inputTokens: row[5], outputTokens: row[6], createdAt: Date(timeIntervalSince1970: row[7])
                )
            }
            snapshot.codexRuns = try Row.fetchAll(db, sql: "SELECT \(Self.codexRunColumns) FROM codex_runs").map(Self.codexRun(row:))
            return snapshot
        }
    }

    /// Writes a snapshot, keeping rows already present. See ``StoreCopying/restore(_:)``.
    public func restore(_ snapshot: StoreSnapshot) async throws -> Int {
        try await write("restore a store copy") { db in
            var written = 0
            func run(_ sql: String, _ arguments: StatementArguments) throws {
                try db.execute(sql: sql, arguments: arguments)
                written += db.changesCount
            }
            for job in snapshot.jobs {
                try run(
                    """
                    INSERT INTO jobs (id, kind, state, attempts, last_error, created_at, updated_at, run_after, project_id,
                        merge_request_iid, head_sha, note_id, discussion_id, old_path, new_path, old_line, new_line,
                        lease_owner, lease_expires_at, forge, repository, installation_id)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING
                    """,
                    [
                        job.id, job.kind.rawValue, job.state.rawValue, job.attempts, job.lastError, job.createdAt.timeIntervalSince1970,
                        job.updatedAt.timeIntervalSince1970, job.runAfter?.timeIntervalSince1970, job.projectID, job.mergeRequestIID,
                        job.headSHA, job.noteID, job.discussionID, job.position?.oldPath, job.position?.newPath, job.position?.oldLine,
                        job.position?.newLine, job.leaseOwner, job.leaseExpiresAt?.timeIntervalSince1970, job.forge.rawValue,
                        job.repository, job.installationID,
                    ]
                )
            }
            for delivery in snapshot.deliveries {
                try run(
                    "INSERT INTO deliveries (key, seen_at) VALUES (?, ?) ON CONFLICT (key) DO NOTHING",
                    [delivery.key, delivery.seenAt.timeIntervalSince1970]
                )
            }
            if let pause = snapshot.pause {
                try run(
                    "INSERT INTO queue_state (singleton, reason, since) VALUES (1, ?, ?) ON CONFLICT (singleton) DO NOTHING",
                    [pause.reason, pause.since.timeIntervalSince1970]
                )
            }
            for review in snapshot.reviews {
                try run(
                    """
                    INSERT INTO reviews (\(Self.reviewColumns))
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (forge, project_id, merge_request_iid, head_sha) DO NOTHING
                    """,
                    [
                        review.forge.rawValue, review.projectID, review.mergeRequestIID, review.headSHA, review.state.rawValue, review.statusNoteID,
                        review.codexThreadID, review.inputTokens, review.cachedInputTokens, review.outputTokens, review.reasoningTokens,
                        review.createdAt.timeIntervalSince1970, review.updatedAt.timeIntervalSince1970, review.findings,
                    ]
                )
            }
            for thread in snapshot.threads {
                try run(
                    """
                    INSERT INTO threads (discussion_id, codex_thread_id, project_id, merge_request_iid, created_at, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (discussion_id) DO NOTHING
                    """,
                    [
                        thread.discussionID, thread.codexThreadID, thread.projectID, thread.mergeRequestIID,
                        thread.createdAt.timeIntervalSince1970, thread.updatedAt.timeIntervalSince1970,
                    ]
                )
            }
            for remediation in snapshot.remediations {
                // The record keeps no update time: its creation stands in (retention then counts from it).
                let created = remediation.createdAt.timeIntervalSince1970
                try run(
                    """
                    INSERT INTO remediations (forge, project_id, day, finding_id, outcome, merge_request_iid, input_tokens,
                        output_tokens, created_at, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (forge, project_id, day, finding_id) DO NOTHING
                    """,
                    [
                        remediation.forge.rawValue, remediation.projectID, remediation.day, remediation.findingID, remediation.outcome, remediation.mergeRequestIID,
                        remediation.inputTokens, remediation.outputTokens, created, created,
                    ]
                )
            }
            for codexRun in snapshot.codexRuns {
                // Ledger rows have no key of their own: a run is the same run when its system, end, duration and model are.
                try run(
                    """
                    INSERT INTO codex_runs (\(Self.codexRunColumns))
                    SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?
                    WHERE NOT EXISTS (
                        SELECT 1 FROM codex_runs WHERE system = ? AND finished_at = ? AND duration_seconds = ? AND model = ?
                    )
                    """,
                    [
                        codexRun.system.rawValue, codexRun.projectID, codexRun.reference, codexRun.threadID, codexRun.model,
                        codexRun.tokens.input, codexRun.tokens.cachedInput, codexRun.tokens.output, codexRun.tokens.reasoning,
                        codexRun.durationSeconds, codexRun.outcome, codexRun.finishedAt.timeIntervalSince1970,
                        codexRun.system.rawValue, codexRun.finishedAt.timeIntervalSince1970, codexRun.durationSeconds, codexRun.model,
                    ]
                )
            }
            return written
        }
    }
}
