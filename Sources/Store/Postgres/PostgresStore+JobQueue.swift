public import Foundation
import Logging
import PostgresNIO
import WardenCore

extension PostgresStore {
    /// Puts a job on the queue; durable once the transaction commits. See ``JobQueue/enqueue(_:idempotencyKey:)``.
    ///
    /// An empty key, or one longer than 255 characters, is not remembered, as with the SQLite store. A review's
    /// enqueue holds a transaction lock on its merge request, so two heads of one merge request arriving at two
    /// replicas at once still leave only the newest pending.
    public func enqueue(_ job: NewJob, idempotencyKey: String?) async throws -> EnqueueOutcome {
        let key = idempotencyKey.flatMap { (1...SQLiteStore.maxIdempotencyKeyLength).contains($0.count) ? $0 : nil }
        let configuration = self.configuration
        let pruner = self.pruner
        let logger = self.logger
        return try await transaction("enqueue") { connection in
            let now = configuration.now()
            try await pruner.pruneIfDue(connection, now: now, logger: logger)
            let clock = now.timeIntervalSince1970
            if let key {
                let inserted = try await connection.query(
                    "INSERT INTO deliveries (key, seen_at) VALUES (\(key), \(clock)) ON CONFLICT (key) DO NOTHING RETURNING 1",
                    logger: logger
                ).collect()
                guard !inserted.isEmpty else { return .duplicate }
            }
            if job.kind == .review {
                try await Self.lockMergeRequest(job.forge, job.projectID, job.mergeRequestIID, connection, logger: logger)
            }
            let kind = job.kind.rawValue
            let position = job.position
            let inserted = try await connection.query(
                """
                INSERT INTO jobs (id, kind, state, attempts, created_at, updated_at, forge, project_id, merge_request_iid,
                    repository, installation_id, head_sha, note_id, discussion_id, old_path, new_path, old_line, new_line)
                VALUES (\(job.id), \(kind), 'pending', 0, \(clock), \(clock), \(job.forge.rawValue), \(job.projectID),
                    \(job.mergeRequestIID), \(job.repository), \(job.installationID), \(job.headSHA), \(job.noteID),
                    \(job.discussionID), \(position?.oldPath), \(position?.newPath), \(position?.oldLine), \(position?.newLine))
                ON CONFLICT (id) DO UPDATE SET state = 'pending', attempts = 0, last_error = NULL, run_after = NULL,
                    updated_at = excluded.updated_at, lease_owner = NULL, lease_expires_at = NULL
                WHERE jobs.state = 'dead'
                RETURNING 1
                """,
                logger: logger
            ).collect()
            guard !inserted.isEmpty else { return .duplicate }
            // The notification is delivered at commit to every replica listening (forwardWakeUps), so an idle worker
            // anywhere starts now. A data-modifying WITH runs once whatever the main query reads: one round trip.
            try await connection.query(
                """
                WITH superseded AS (
                    UPDATE jobs SET state = 'superseded', updated_at = \(clock), run_after = NULL
                    WHERE \(job.kind == .review) AND forge = \(job.forge.rawValue) AND project_id = \(job.projectID)
                      AND merge_request_iid = \(job.mergeRequestIID)
                      AND state IN ('pending', 'failed') AND kind = 'review' AND id <> \(job.id)
                )
                SELECT pg_notify(\(Self.wakeUpChannel), '')
                """,
                logger: logger
            )
            return .enqueued
        }
    }

    /// Claims the oldest runnable job. See ``JobQueue/claimNext(owner:leaseFor:)``.
    ///
    /// The candidate row is locked with `FOR UPDATE SKIP LOCKED`, so concurrent claimers on any replica take different
    /// jobs without waiting for each other. A review candidate is checked again under its merge request's lock, so two
    /// reviews of one merge request never run at once.
    public func claimNext(owner: String, leaseFor: Duration) async throws -> JobRecord? {
        let now = configuration.now()
        let expires = now.addingTimeInterval(leaseFor.timeInterval).timeIntervalSince1970
        // One round trip: the whole claim runs on the server (PostgresSchema.claimFunction).
        let rows = try await fetch(
            "claim a job",
            """
            SELECT \(unescaped: Self.jobColumns) FROM warden_claim(\(owner), \(now.timeIntervalSince1970), \(expires), \(configuration.maxAttempts))
            """
        )
        return try rows.first.map(JobRecord.init(postgresRow:))
    }

    /// Extends a held lease. See ``JobQueue/renewLease(id:owner:leaseFor:)``.
    public func renewLease(id: String, owner: String, leaseFor: Duration) async throws {
        let configuration = self.configuration
        let logger = self.logger
        // One statement when the worker still holds the job (the usual case); the reason otherwise.
        try await withConnection("renew a lease") { connection in
            let now = configuration.now()
            let expires = now.addingTimeInterval(leaseFor.timeInterval).timeIntervalSince1970
            let updated = try await connection.query(
                """
                UPDATE jobs SET lease_expires_at = \(expires), updated_at = \(now.timeIntervalSince1970)
                WHERE id = \(id) AND state = 'running' AND lease_owner = \(owner)
                RETURNING 1
                """,
                logger: logger
            ).collect()
            if updated.isEmpty { try await Self.requireHeld(id: id, owner: owner, connection, logger: logger) }
        }
    }

    /// Marks a held job done. See ``JobQueue/complete(id:owner:)``.
    public func complete(id: String, owner: String) async throws {
        let configuration = self.configuration
        let logger = self.logger
        // One statement when the worker still holds the job (the usual case); the reason otherwise.
        try await withConnection("complete a job") { connection in
            let updated = try await connection.query(
                """
                UPDATE jobs SET state = 'done', updated_at = \(configuration.now().timeIntervalSince1970),
                    lease_owner = NULL, lease_expires_at = NULL, run_after = NULL
                WHERE id = \(id) AND state = 'running' AND lease_owner = \(owner)
                RETURNING 1
                """,
                logger: logger
            ).collect()
            if updated.isEmpty { try await Self.requireHeld(id: id, owner: owner, connection, logger: logger) }
        }
    }

    /// Puts a held job back to `pending`, undoing the claim's attempt. See ``JobQueue/release(id:owner:runAfter:reason:)``.
    public func release(id: String, owner: String, runAfter: Date, reason: String) async throws {
        let configuration = self.configuration
        let logger = self.logger
        let message = String(reason.prefix(SQLiteStore.maxErrorLength))
        let after = runAfter.timeIntervalSince1970
        // One statement when the worker still holds the job (the usual case); the reason otherwise.
        try await withConnection("release a job") { connection in
            let updated = try await connection.query(
                """
                UPDATE jobs SET state = 'pending', attempts = GREATEST(attempts - 1, 0), last_error = \(message), run_after = \(after),
                    updated_at = \(configuration.now().timeIntervalSince1970), lease_owner = NULL, lease_expires_at = NULL
                WHERE id = \(id) AND state = 'running' AND lease_owner = \(owner)
                RETURNING 1
                """,
                logger: logger
            ).collect()
            if updated.isEmpty { try await Self.requireHeld(id: id, owner: owner, connection, logger: logger) }
        }
    }

    /// Records a failed attempt of a held job. See ``JobQueue/fail(id:owner:error:retryable:)``.
    public func fail(id: String, owner: String, error: String, retryable: Bool) async throws -> JobState {
        let configuration = self.configuration
        let logger = self.logger
        let message = String(error.prefix(SQLiteStore.maxErrorLength))
        return try await transaction("fail a job") { connection in
            let attempts = try await Self.requireHeld(id: id, owner: owner, connection, logger: logger)
            let now = configuration.now()
            let dead = !retryable || attempts >= configuration.maxAttempts
            // A review whose merge request got a newer head meanwhile is not tried again: its result would be stale.
            let superseded = try await connection.query(
                """
                SELECT EXISTS (SELECT 1 FROM jobs AS newer, jobs AS this
                    WHERE this.id = \(id) AND this.kind = 'review' AND newer.kind = 'review' AND newer.id <> this.id
                      AND newer.forge = this.forge AND newer.project_id = this.project_id
                      AND newer.merge_request_iid = this.merge_request_iid
                      AND (newer.created_at > this.created_at OR (newer.created_at = this.created_at AND newer.seq > this.seq))
                      AND newer.state <> 'superseded')
                """,
                logger: logger
            ).collect().first?.decode(Bool.self) ?? false
            let runAfter = dead || superseded ? nil : now.addingTimeInterval(configuration.backoff(afterAttempts: attempts).timeInterval)
            let state: JobState = superseded ? .superseded : dead ? .dead : .failed
            try await connection.query(
                """
                UPDATE jobs SET state = \(state.rawValue), last_error = \(message), run_after = \(runAfter?.timeIntervalSince1970),
                    updated_at = \(now.timeIntervalSince1970), lease_owner = NULL, lease_expires_at = NULL
                WHERE id = \(id)
                """,
                logger: logger
            )
            return state
        }
    }

    /// Puts a dead or failed job back to pending. See ``JobQueue/retry(id:)``.
    public func retry(id: String) async throws {
        let configuration = self.configuration
        let logger = self.logger
        try await transaction("retry a job") { connection in
            let rows = try await connection.query("SELECT state FROM jobs WHERE id = \(id) FOR UPDATE", logger: logger).collect()
            guard let text = try rows.first?.decode(String.self) else { throw StoreError.notFound(id: id) }
            let state = try SQLiteStore.jobState(text)
            guard state == .dead || state == .failed else {
                throw StoreError.invalidTransition(id: id, state: state, operation: "retry")
            }
            try await connection.query(
                "UPDATE jobs SET state = 'pending', attempts = 0, run_after = NULL, updated_at = \(configuration.now().timeIntervalSince1970) WHERE id = \(id)",
                logger: logger
            )
            try await connection.query("SELECT pg_notify(\(Self.wakeUpChannel), '')", logger: logger)
        }
    }

    /// Lists jobs, most recently created first. See ``JobQueue/list(states:limit:)``.
    /// - Throws: ``StoreError`` `invalid_argument` for a negative limit.
    public func list(states: Set<JobState>?, limit: Int?) async throws -> [JobRecord] {
        if let limit, limit < 0 { throw StoreError.invalidArgument("limit", problem: "must not be negative") }
        if let states, states.isEmpty { return [] }
        let filter = states.map { $0.map(\.rawValue).sorted() }
        let rows = try await fetch(
            "list jobs",
            """
            SELECT \(unescaped: Self.jobColumns) FROM jobs
            WHERE \(filter == nil) OR state = ANY(\(filter ?? []))
            ORDER BY created_at DESC, seq DESC LIMIT \(limit)
            """
        )
        return try rows.map(JobRecord.init(postgresRow:))
    }

    /// Jobs per state. See ``JobQueue/counts()``.
    public func counts() async throws -> [JobState: Int] {
        var counts = Dictionary(uniqueKeysWithValues: JobState.allCases.map { ($0, 0) })
        for row in try await fetch("count jobs", "SELECT state, COUNT(*) FROM jobs GROUP BY state") {
            let (state, count) = try row.decode((String, Int).self)
            counts[try SQLiteStore.jobState(state), default: 0] += count
        }
        return counts
    }

    /// Pauses the queue durably. See ``JobQueue/pause(reason:)``.
    public func pause(reason: String) async throws {
        let reason = String(reason.prefix(SQLiteStore.maxErrorLength))
        let since = configuration.now().timeIntervalSince1970
        _ = try await fetch(
            "pause the queue",
            "INSERT INTO queue_state (singleton, reason, since) VALUES (1, \(reason), \(since)) ON CONFLICT (singleton) DO NOTHING"
        )
    }

    /// Resumes the queue, waking idle workers on every replica. See ``JobQueue/resume()``.
    public func resume() async throws {
        let logger = self.logger
        try await transaction("resume the queue") { connection in
            try await connection.query("DELETE FROM queue_state", logger: logger)
            try await connection.query("SELECT pg_notify(\(Self.wakeUpChannel), '')", logger: logger)
        }
    }

    /// Why the queue is paused, or `nil`. See ``JobQueue/pauseState()``.
    public func pauseState() async throws -> PauseState? {
        let logger = self.logger
        return try await transaction("read the pause state") { connection in try await Self.fetchPauseState(connection, logger: logger) }
    }

    // MARK: - Inside transactions

    /// The columns `JobRecord(postgresRow:)` reads, in its order.
    static let jobColumns = SQLiteStore.jobColumns

    /// Holds a transaction lock on one merge request's reviews, released at commit: serialises the enqueues and claims
    /// of its review jobs across replicas.
    static func lockMergeRequest(
        _ forge: ForgeKind,
        _ projectID: ProjectID,
        _ mergeRequestIID: MergeRequestIID,
        _ connection: PostgresConnection,
        logger: Logger
    ) async throws {
        // The same key text as warden_claim's try-lock (PostgresSchema.forgeAwareClaimFunction).
        let key = "review:\(forge.rawValue):\(projectID):\(mergeRequestIID)"
        try await connection.query("SELECT pg_advisory_xact_lock(hashtextextended(\(key), 0))", logger: logger)
    }

    /// Checks that `owner` holds the running job `id`, locks its row, and returns its attempt count.
    @discardableResult
    static func requireHeld(id: String, owner: String, _ connection: PostgresConnection, logger: Logger) async throws -> Int {
        let rows = try await connection.query("SELECT state, lease_owner, attempts FROM jobs WHERE id = \(id) FOR UPDATE", logger: logger).collect()
        guard let row = rows.first else { throw StoreError.notFound(id: id) }
        let (stateText, holder, attempts) = try row.decode((String, String?, Int).self)
        let state = try SQLiteStore.jobState(stateText)
        guard state == .running, holder == owner else {
            throw StoreError.leaseLost(id: id, owner: owner, state: state, holder: holder)
        }
        return attempts
    }

    /// The queue's pause state inside a transaction.
    static func fetchPauseState(_ connection: PostgresConnection, logger: Logger) async throws -> PauseState? {
        let rows = try await connection.query("SELECT reason, since FROM queue_state WHERE singleton = 1", logger: logger).collect()
        guard let row = rows.first else { return nil }
        let (reason, since) = try row.decode((String, Double).self)
        return PauseState(reason: reason, since: Date(timeIntervalSince1970: since))
    }
}
