import Foundation
import Logging
import PostgresNIO
import WardenCore

extension PostgresStore: StoreCopying {
    /// Every row of the database. See ``StoreCopying/snapshot()``.
    public func snapshot() async throws -> StoreSnapshot {
        let logger = self.logger
        return try await transaction("read the whole store") { connection in
            var snapshot = StoreSnapshot()
            for row in try await connection.query("SELECT \(unescaped: Self.jobColumns) FROM jobs", logger: logger).collect() {
                snapshot.jobs.append(try JobRecord(postgresRow: row))
            }
            for row in try await connection.query("SELECT key, seen_at FROM deliveries", logger: logger).collect() {
                let (key, seenAt) = try row.decode((String, Double).self)
                snapshot.deliveries.append(DeliveryKey(key: key, seenAt: Date(timeIntervalSince1970: seenAt)))
            }
            snapshot.pause = try await Self.fetchPauseState(connection, logger: logger)
            let reviews = try await connection.query(
                "SELECT \(unescaped: SQLiteStore.reviewColumns) FROM reviews",
                logger: logger
            ).collect()
            for row in reviews {
                snapshot.reviews.append(try Self.reviewRecord(row))
            }
            let threads = try await connection.query(
                "SELECT discussion_id, codex_thread_id, project_id, merge_request_iid, created_at, updated_at FROM threads",
                logger: logger
            ).collect()
            for row in threads {
                let (discussion, thread, project, iid, created, updated) = try row.decode((String, String, Int, Int, Double, Double).self)
                snapshot.threads.append(
                    ThreadRecord(
                        discussionID: discussion, codexThreadID: thread, projectID: project, mergeRequestIID: iid,
                        createdAt: Date(timeIntervalSince1970: created), updatedAt: Date(timeIntervalSince1970: updated)
                    )
                )
            }
            let remediations = try await connection.query(
                """
                SELECT project_id, day, finding_id, outcome, merge_request_iid, input_tokens, output_tokens, created_at, forge
                FROM remediations
                """,
                logger: logger
            ).collect()
            for row in remediations {
                let (project, day, finding, outcome, iid, input, output, created, forge) = try row.decode(
                    (Int, String, String, String, Int?, Int64, Int64, Double, String).self
                )
                snapshot.remediations.append(
                    RemediationRecord(
                        forge: try ForgeKind.stored(forge, table: "remediations"),
                        projectID: project, day: day, findingID: finding, outcome: outcome, mergeRequestIID: iid,
                        inputTokens: input, outputTokens: output, createdAt: Date(timeIntervalSince1970: created)
                    )
                )
            }
            let runs = try await connection.query("SELECT \(unescaped: Self.codexRunColumns) FROM codex_runs", logger: logger).collect()
            snapshot.codexRuns = try runs.map(Self.codexRun)
            return snapshot
        }
    }

    /// Writes a snapshot, keeping rows already present. See ``StoreCopying/restore(_:)``.
    public func restore(_ snapshot: StoreSnapshot) async throws -> Int {
        let logger = self.logger
        return try await transaction("restore a store copy") { connection in
            var written = 0
            func count(_ rows: PostgresRowSequence) async throws {
                written += try await rows.collect().count
            }
            for job in snapshot.jobs {
                let position = job.position
                try await count(
                    connection.query(
                        """
                        INSERT INTO jobs (id, kind, state, attempts, last_error, created_at, updated_at, run_after, project_id,
                            merge_request_iid, head_sha, note_id, discussion_id, old_path, new_path, old_line, new_line,
                            lease_owner, lease_expires_at, forge, repository, installation_id)
                        VALUES (\(job.id), \(job.kind.rawValue), \(job.state.rawValue), \(job.attempts), \(job.lastError),
                            \(job.createdAt.timeIntervalSince1970), \(job.updatedAt.timeIntervalSince1970),
                            \(job.runAfter?.timeIntervalSince1970), \(job.projectID), \(job.mergeRequestIID), \(job.headSHA),
                            \(job.noteID), \(job.discussionID), \(position?.oldPath), \(position?.newPath), \(position?.oldLine),
                            \(position?.newLine), \(job.leaseOwner), \(job.leaseExpiresAt?.timeIntervalSince1970), \(job.forge.rawValue),
                            \(job.repository), \(job.installationID))
                        ON CONFLICT (id) DO NOTHING RETURNING 1
                        """,
                        logger: logger
                    )
                )
            }
            for delivery in snapshot.deliveries {
                try await count(
                    connection.query(
                        """
                        INSERT INTO deliveries (key, seen_at) VALUES (\(delivery.key), \(delivery.seenAt.timeIntervalSince1970))
                        ON CONFLICT (key) DO NOTHING RETURNING 1
                        """,
                        logger: logger
                    )
                )
            }
            if let pause = snapshot.pause {
                try await count(
                    connection.query(
                        """
                        INSERT INTO queue_state (singleton, reason, since) VALUES (1, \(pause.reason), \(pause.since.timeIntervalSince1970))
                        ON CONFLICT (singleton) DO NOTHING RETURNING 1
                        """,
                        logger: logger
                    )
                )
            }
            for review in snapshot.reviews {
                try await count(
                    connection.query(
                        """
                        INSERT INTO reviews (forge, project_id, merge_request_iid, head_sha, state, status_note_id, codex_thread_id,
                            input_tokens, cached_input_tokens, output_tokens, reasoning_tokens, created_at, updated_at, findings)
                        VALUES (\(review.forge.rawValue), \(review.projectID), \(review.mergeRequestIID), \(review.headSHA), \(review.state.rawValue),
                            \(review.statusNoteID), \(review.codexThreadID), \(review.inputTokens), \(review.cachedInputTokens),
                            \(review.outputTokens), \(review.reasoningTokens), \(review.createdAt.timeIntervalSince1970),
                            \(review.updatedAt.timeIntervalSince1970), \(review.findings))
                        ON CONFLICT (forge, project_id, merge_request_iid, head_sha) DO NOTHING RETURNING 1
                        """,
                        logger: logger
                    )
                )
            }
            for thread in snapshot.threads {
                try await count(
                    connection.query(
                        """
                        INSERT INTO threads (discussion_id, codex_thread_id, project_id, merge_request_iid, created_at, updated_at)
                        VALUES (\(thread.discussionID), \(thread.codexThreadID), \(thread.projectID), \(thread.mergeRequestIID),
                            \(thread.createdAt.timeIntervalSince1970), \(thread.updatedAt.timeIntervalSince1970))
                        ON CONFLICT (discussion_id) DO NOTHING RETURNING 1
                        """,
                        logger: logger
                    )
                )
            }
            for remediation in snapshot.remediations {
                // The record keeps no update time: its creation stands in (retention then counts from it).
                let created = remediation.createdAt.timeIntervalSince1970
                try await count(
                    connection.query(
                        """
                        INSERT INTO remediations (forge, project_id, day, finding_id, outcome, merge_request_iid, input_tokens,
                            output_tokens, created_at, updated_at)
                        VALUES (\(remediation.forge.rawValue), \(remediation.projectID), \(remediation.day), \(remediation.findingID), \(remediation.outcome),
                            \(remediation.mergeRequestIID), \(remediation.inputTokens), \(remediation.outputTokens), \(created), \(created))
                        ON CONFLICT (forge, project_id, day, finding_id) DO NOTHING RETURNING 1
                        """,
                        logger: logger
                    )
                )
            }
            for run in snapshot.codexRuns {
                // Ledger rows have no key of their own: a run is the same run when its system, end, duration and model are.
                let finished = run.finishedAt.timeIntervalSince1970
                try await count(
                    connection.query(
                        """
                        INSERT INTO codex_runs (\(unescaped: Self.codexRunColumns))
                        SELECT \(run.system.rawValue), \(run.projectID), \(run.reference), \(run.threadID), \(run.model),
                            \(run.tokens.input), \(run.tokens.cachedInput), \(run.tokens.output), \(run.tokens.reasoning),
                            \(run.durationSeconds), \(run.outcome), \(finished)
                        WHERE NOT EXISTS (
                            SELECT 1 FROM codex_runs WHERE system = \(run.system.rawValue) AND finished_at = \(finished)
                                AND duration_seconds = \(run.durationSeconds) AND model = \(run.model)
                        )
                        RETURNING 1
                        """,
                        logger: logger
                    )
                )
            }
            return written
        }
    }
}
