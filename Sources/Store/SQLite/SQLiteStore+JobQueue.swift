public import Foundation
import GRDB
import WardenCore

extension SQLiteStore {
    /// The longest idempotency key accepted; GitLab sends UUIDs.
    static let maxIdempotencyKeyLength = 255
    /// The longest error text kept; the rest is cut, so a careless caller cannot park a payload in the store.
    static let maxErrorLength = 1000

    /// Puts a job on the queue; durable before it returns. See ``JobQueue/enqueue(_:idempotencyKey:)``.
    ///
    /// An empty key, or one longer than 255 characters, is not remembered (GitLab sends UUIDs): the job id still
    /// deduplicates, and refusing the delivery would only make the forge send it again with the same key.
    public func enqueue(_ job: NewJob, idempotencyKey: String?) async throws -> EnqueueOutcome {
        let key = idempotencyKey.flatMap { (1...Self.maxIdempotencyKeyLength).contains($0.count) ? $0 : nil }
        return try await enqueuer.submit(PendingEnqueue(job: job, idempotencyKey: key))
    }

    /// Claims the oldest runnable job. See ``JobQueue/claimNext(owner:leaseFor:)``.
    public func claimNext(owner: String, leaseFor: Duration) async throws -> JobRecord? {
        let configuration = self.configuration
        return try await write("claim a job") { db in
            guard try Self.fetchPauseState(db) == nil else { return nil }
            let now = configuration.now()
            let clock = now.timeIntervalSince1970
            while let row = try Row.fetchOne(
                db.cachedStatement(
                    sql: """
                        SELECT \(Self.jobColumns) FROM jobs
                        WHERE state IN ('pending', 'failed', 'running')
                          AND (state = 'pending' OR (state = 'failed' AND run_after <= ?1)
                               OR (state = 'running' AND lease_expires_at <= ?1))
                          AND NOT (kind = 'review' AND EXISTS (
                              SELECT 1 FROM jobs AS other
                              WHERE other.kind = 'review' AND other.forge = jobs.forge AND other.project_id = jobs.project_id
                                AND other.merge_request_iid = jobs.merge_request_iid AND other.id <> jobs.id
                                AND other.state = 'running' AND other.lease_expires_at > ?1))
                        ORDER BY created_at, seq LIMIT 1
                        """
                ),
                arguments: [clock]
            ) {
                var job = try JobRecord(row: row)
                if job.state == .running {
                    let lapsed = "the lease of \(job.leaseOwner ?? "a worker") expired before the attempt finished"
                    if job.attempts >= configuration.maxAttempts {
                        try db.cachedStatement(
                            sql: """
                                UPDATE jobs SET state = 'dead', last_error = ?, updated_at = ?,
                                    lease_owner = NULL, lease_expires_at = NULL, run_after = NULL
                                WHERE id = ?
                                """
                        ).execute(arguments: [lapsed, clock, job.id])
                        continue
                    }
                    job.lastError = lapsed
                }
                job.state = .running
                job.attempts += 1
                job.leaseOwner = owner
                job.leaseExpiresAt = now.addingTimeInterval(leaseFor.timeInterval)
                job.runAfter = nil
                job.updatedAt = now
                try db.cachedStatement(
                    sql: """
                        UPDATE jobs SET state = 'running', attempts = ?, last_error = ?, lease_owner = ?,
                            lease_expires_at = ?, run_after = NULL, updated_at = ?
                        WHERE id = ?
                        """
                ).execute(arguments: [
                    job.attempts, job.lastError, owner, job.leaseExpiresAt?.timeIntervalSince1970, clock, job.id,
                ])
                return job
            }
            return nil
        }
    }

    /// Extends a held lease. See ``JobQueue/renewLease(id:owner:leaseFor:)``.
    public func renewLease(id: String, owner: String, leaseFor: Duration) async throws {
        let configuration = self.configuration
        try await write("renew a lease") { db in
            try Self.requireHeld(id: id, owner: owner, db)
            let now = configuration.now()
            try db.cachedStatement(sql: "UPDATE jobs SET lease_expires_at = ?, updated_at = ? WHERE id = ?")
                .execute(arguments: [now.addingTimeInterval(leaseFor.timeInterval).timeIntervalSince1970, now.timeIntervalSince1970, id])
        }
    }

    /// Marks a held job done. See ``JobQueue/complete(id:owner:)``.
    public func complete(id: String, owner: String) async throws {
        let configuration = self.configuration
        try await write("complete a job") { db in
            try Self.requireHeld(id: id, owner: owner, db)
            try db.cachedStatement(
                sql: """
                    UPDATE jobs SET state = 'done', updated_at = ?, lease_owner = NULL, lease_expires_at = NULL, run_after = NULL
                    WHERE id = ?
                    """
            ).execute(arguments: [configuration.now().timeIntervalSince1970, id])
        }
    }

    /// Puts a held job back to `pending`, undoing the claim's attempt. See ``JobQueue/release(id:owner:runAfter:reason:)``.
    public func release(id: String, owner: String, runAfter: Date, reason: String) async throws {
        let configuration = self.configuration
        let message = String(reason.prefix(Self.maxErrorLength))
        try await write("release a job") { db in
            try Self.requireHeld(id: id, owner: owner, db)
            try db.cachedStatement(
                sql: """
                    UPDATE jobs SET state = 'pending', attempts = MAX(attempts - 1, 0), last_error = ?, run_after = ?, updated_at = ?,
                        lease_owner = NULL, lease_expires_at = NULL
                    WHERE id = ?
                    """
            ).execute(arguments: [message, runAfter.timeIntervalSince1970, configuration.now().timeIntervalSince1970, id])
        }
    }

    /// Records a failed attempt of a held job. See ``JobQueue/fail(id:owner:error:retryable:)``.
    public func fail(id: String, owner: String, error: String, retryable: Bool) async throws -> JobState {
        let configuration = self.configuration
        let message = String(error.prefix(Self.maxErrorLength))
        return try await write("fail a job") { db in
            let attempts = try Self.requireHeld(id: id, owner: owner, db)
            let now = configuration.now()
            let dead = !retryable || attempts >= configuration.maxAttempts
            // A review whose merge request got a newer head meanwhile is not tried again: its result would be stale,
            // and a retry after the newer review would write the status note last.
            let superseded = try Bool.fetchOne(
                db.cachedStatement(
                    sql: """
                        SELECT EXISTS (SELECT 1 FROM jobs AS newer, jobs AS this
                            WHERE this.id = ?1 AND this.kind = 'review' AND newer.kind = 'review' AND newer.id <> this.id
                              AND newer.forge = this.forge AND newer.project_id = this.project_id
                              AND newer.merge_request_iid = this.merge_request_iid
                              AND (newer.created_at > this.created_at OR (newer.created_at = this.created_at AND newer.seq > this.seq))
                              AND newer.state <> 'superseded')
                        """
                ),
                arguments: [id]
            ) ?? false
            let runAfter = dead || superseded ? nil : now.addingTimeInterval(configuration.backoff(afterAttempts: attempts).timeInterval)
            let state: JobState = superseded ? .superseded : dead ? .dead : .failed
            try db.cachedStatement(
                sql: """
                    UPDATE jobs SET state = ?, last_error = ?, run_after = ?, updated_at = ?,
                        lease_owner = NULL, lease_expires_at = NULL
                    WHERE id = ?
                    """
            ).execute(arguments: [state.rawValue, message, runAfter?.timeIntervalSince1970, now.timeIntervalSince1970, id])
            return state
        }
    }

    /// Puts a dead or failed job back to pending. See ``JobQueue/retry(id:)``.
    public func retry(id: String) async throws {
        let configuration = self.configuration
        try await write("retry a job") { db in
            guard let text = try String.fetchOne(db.cachedStatement(sql: "SELECT state FROM jobs WHERE id = ?"), arguments: [id]) else {
                throw StoreError.notFound(id: id)
            }
            let state = try Self.jobState(text)
            guard state == .dead || state == .failed else {
                throw StoreError.invalidTransition(id: id, state: state, operation: "retry")
            }
            try db.cachedStatement(
                sql: "UPDATE jobs SET state = 'pending', attempts = 0, run_after = NULL, updated_at = ? WHERE id = ?"
            ).execute(arguments: [configuration.now().timeIntervalSince1970, id])
        }
    }

    /// Lists jobs, most recently created first. See ``JobQueue/list(states:limit:)``.
    /// - Throws: ``StoreError`` `invalid_argument` for a negative limit.
    public func list(states: Set<JobState>?, limit: Int?) async throws -> [JobRecord] {
        if let limit, limit < 0 { throw StoreError.invalidArgument("limit", problem: "must not be negative") }
        if let states, states.isEmpty { return [] }
        // Sorted so each combination of states compiles to one cached statement.
        let filter = states.map { $0.map(\.rawValue).sorted() }
        return try await read("list jobs") { db in
            var sql = "SELECT \(Self.jobColumns) FROM jobs"
            var arguments = StatementArguments()
            if let filter {
                sql += " WHERE state IN (\(filter.map { _ in "?" }.joined(separator: ", ")))"
                arguments += StatementArguments(filter)
            }
            sql += " ORDER BY created_at DESC, seq DESC LIMIT ?"
            arguments += [limit ?? -1]
            return try Row.fetchAll(db.cachedStatement(sql: sql), arguments: arguments).map(JobRecord.init(row:))
        }
    }

    /// Jobs per state. See ``JobQueue/counts()``.
    public func counts() async throws -> [JobState: Int] {
        try await read("count jobs") { db in
            var counts = Dictionary(uniqueKeysWithValues: JobState.allCases.map { ($0, 0) })
            for row in try Row.fetchAll(db.cachedStatement(sql: "SELECT state, COUNT(*) FROM jobs GROUP BY state")) {
                counts[try Self.jobState(row[0]), default: 0] += row[1] as Int
            }
            return counts
        }
    }

    /// Pauses the queue durably. See ``JobQueue/pause(reason:)``.
    public func pause(reason: String) async throws {
        let configuration = self.configuration
        let reason = String(reason.prefix(Self.maxErrorLength))
        try await write("pause the queue") { db in
            try db.cachedStatement(
                sql: "INSERT INTO queue_state (singleton, reason, since) VALUES (1, ?, ?) ON CONFLICT (singleton) DO NOTHING"
            ).execute(arguments: [reason, configuration.now().timeIntervalSince1970])
        }
    }

    /// Resumes the queue. See ``JobQueue/resume()``.
    public func resume() async throws {
        try await write("resume the queue") { db in
            try db.cachedStatement(sql: "DELETE FROM queue_state").execute()
        }
    }

    /// Why the queue is paused, or `nil`. See ``JobQueue/pauseState()``.
    public func pauseState() async throws -> PauseState? {
        try await read("read the pause state") { db in try Self.fetchPauseState(db) }
    }

    // MARK: - Inside transactions

    /// The columns `JobRecord(row:)` reads, in its order.
    static let jobColumns = """
        id, kind, state, attempts, last_error, created_at, updated_at, run_after, project_id, merge_request_iid, \
        head_sha, note_id, discussion_id, old_path, new_path, old_line, new_line, lease_owner, lease_expires_at, \
        forge, repository, installation_id
        """

    /// Inserts one job of a group commit: remembers its idempotency key, skips known ids (except a `dead` one, which a
    /// new delivery brings back to `pending` with fresh attempts), supersedes older reviews.
    static func insert(_ request: PendingEnqueue, now: Date, _ db: Database) throws -> EnqueueOutcome {
        let clock = now.timeIntervalSince1970
        if let key = request.idempotencyKey {
            try db.cachedStatement(sql: "INSERT INTO deliveries (key, seen_at) VALUES (?, ?) ON CONFLICT (key) DO NOTHING")
                .execute(arguments: [key, clock])
            guard db.changesCount > 0 else { return .duplicate }
        }
        let job = request.job
        try db.cachedStatement(
            sql: """
                INSERT INTO jobs (id, kind, state, attempts, created_at, updated_at, forge, project_id, merge_request_iid,
                    repository, installation_id, head_sha, note_id, discussion_id, old_path, new_path, old_line, new_line)
                VALUES (?, ?, 'pending', 0, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (id) DO UPDATE SET state = 'pending', attempts = 0, last_error = NULL, run_after = NULL,
                    updated_at = excluded.updated_at, lease_owner = NULL, lease_expires_at = NULL
                WHERE jobs.state = 'dead'
                """
        ).execute(arguments: [
            job.id, job.kind.rawValue, clock, clock, job.forge.rawValue, job.projectID, job.mergeRequestIID,
            job.repository, job.installationID, job.headSHA, job.noteID, job.discussionID,
            job.position?.oldPath, job.position?.newPath, job.position?.oldLine, job.position?.newLine,
        ])
        guard db.changesCount > 0 else { return .duplicate }
        if job.kind == .review {
            try db.cachedStatement(
                sql: """
                    UPDATE jobs SET state = 'superseded', updated_at = ?, run_after = NULL
                    WHERE forge = ? AND project_id = ? AND merge_request_iid = ? AND state IN ('pending', 'failed')
                      AND kind = 'review' AND id <> ?
                    """
            ).execute(arguments: [clock, job.forge.rawValue, job.projectID, job.mergeRequestIID, job.id])
        }
        return .enqueued
    }

    /// Checks that `owner` holds the running job `id`, and returns its attempt count.
    @discardableResult
    static func requireHeld(id: String, owner: String, _ db: Database) throws -> Int {
        guard
            let row = try Row.fetchOne(
                db.cachedStatement(sql: "SELECT state, lease_owner, attempts FROM jobs WHERE id = ?"),
                arguments: [id]
            )
        else {
            throw StoreError.notFound(id: id)
        }
        let state = try jobState(row[0])
        let holder: String? = row[1]
        guard state == .running, holder == owner else {
            throw StoreError.leaseLost(id: id, owner: owner, state: state, holder: holder)
        }
        return row[2]
    }

    /// The queue's pause state inside a transaction.
    static func fetchPauseState(_ db: Database) throws -> PauseState? {
        try Row.fetchOne(db.cachedStatement(sql: "SELECT reason, since FROM queue_state WHERE singleton = 1")).map { row in
            PauseState(reason: row[0], since: Date(timeIntervalSince1970: row[1]))
        }
    }

    /// A stored state, or `corrupt_record` for a value this version does not know.
    static func jobState(_ text: String) throws -> JobState {
        guard let state = JobState(rawValue: text) else {
            throw StoreError.corruptRecord(table: "jobs", column: "state", value: text)
        }
        return state
    }
}
