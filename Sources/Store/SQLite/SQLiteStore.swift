import Foundation
import GRDB
import Synchronization

/// The embedded store: one SQLite file in WAL mode, shared by every task of a process and by other processes
/// (`warden queue pause` while `warden serve` runs).
///
/// Every commit is durable (`synchronous = FULL`) before the call returns. Concurrent enqueues share a transaction
/// (see `GroupCommitter`), so the webhook path keeps up without weakening that promise. Writers in other processes
/// are waited for up to ``QueueConfiguration/busyTimeout``.
public final class SQLiteStore: JobQueue, ReviewStore, ThreadStore, Sendable {
    /// The database file.
    public let path: String
    /// The queue's retry policy and clock.
    public let configuration: QueueConfiguration

    let pool: DatabasePool
    let enqueuer: GroupCommitter<PendingEnqueue, EnqueueOutcome>
    /// Deletes expired history; run by enqueues and by remediation records (`warden remediate` enqueues nothing).
    let pruner: HistoryPruner

    /// Opens the database file, creating it and its parent directories if needed, and migrates it to the latest
    /// schema.
    /// - Parameters:
    ///   - path: The database file.
    ///   - configuration: Retry policy, delivery retention, busy timeout and clock.
    /// - Throws: ``StoreError`` when the directory or file cannot be created, opened or migrated.
    public init(path: String, configuration: QueueConfiguration = .init()) throws {
        self.path = path
        self.configuration = configuration
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty {
            do {
                // Owner-only: the store names the team's projects and merge requests.
                try FileManager.default.createDirectory(
                    atPath: directory,
                    withIntermediateDirectories: true,
                    attributes: [.posixPermissions: 0o700]
                )
            } catch {
                throw StoreError.database(operation: "create \(directory)", reason: error.localizedDescription)
            }
        }
        var grdbConfiguration = GRDB.Configuration()
        grdbConfiguration.label = "warden.store"
        grdbConfiguration.busyMode = .timeout(configuration.busyTimeout.timeInterval)
        let pool: DatabasePool
        do {
            pool = try DatabasePool(path: path, configuration: grdbConfiguration)
            // A 2xx to a webhook promises the job survives a power cut, so every commit waits for the disk. Set on
            // the pool's one writer connection after GRDB's WAL setup, which lowers it to NORMAL.
            try pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
            try SQLiteSchema.migrator.migrate(pool)
        } catch {
            throw Self.storeError(error, operation: "open \(path)")
        }
        // Owner-only whatever the umask, since the data directory may be searchable by the exec sidecar's group
        // (`git.worktree_group`); SQLite gives the write-ahead log and shared-memory files the database's mode.
        for file in [path, path + "-wal", path + "-shm"] where FileManager.default.fileExists(atPath: file) {
            do {
                try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: file)
            } catch {
                throw StoreError.database(operation: "restrict \(file)", reason: error.localizedDescription)
            }
        }
        self.pool = pool
        let pruner = HistoryPruner(configuration: configuration)
        self.pruner = pruner
        enqueuer = GroupCommitter { requests in
            try await Self.write(pool, operation: "enqueue") { db in
                let now = configuration.now()
                try pruner.pruneIfDue(db, now: now)
                return try requests.map { try Self.insert($0, now: now, db) }
            }
        }
    }

    /// Opens `<dataDirectory>/warden.sqlite`, creating the directory if needed.
    /// - Parameters:
    ///   - dataDirectory: Warden's data directory.
    ///   - configuration: Retry policy, delivery retention, busy timeout and clock.
    public static func open(dataDirectory: String, configuration: QueueConfiguration = .init()) throws -> SQLiteStore {
        try SQLiteStore(path: (dataDirectory as NSString).appendingPathComponent(fileName), configuration: configuration)
    }

    /// The file name inside the data directory.
    public static let fileName = "warden.sqlite"

    /// Runs `body` in one immediate write transaction and maps failures to ``StoreError``.
    static func write<T: Sendable>(
        _ pool: DatabasePool,
        operation: String,
        _ body: @escaping @Sendable (Database) throws -> T
    ) async throws -> T {
        do {
            return try await pool.write(body)
        } catch {
            throw storeError(error, operation: operation)
        }
    }

    /// Runs `body` in one immediate write transaction of this store and maps failures to ``StoreError``.
    func write<T: Sendable>(_ operation: String, _ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await Self.write(pool, operation: operation, body)
    }

    /// Runs `body` on a read snapshot and maps failures to ``StoreError``.
    func read<T: Sendable>(_ operation: String, _ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        do {
            return try await pool.read(body)
        } catch {
            throw Self.storeError(error, operation: operation)
        }
    }

    /// The error to throw for a failure while doing `operation`: our own errors and cancellation pass through.
    static func storeError(_ error: any Error, operation: String) -> any Error {
        switch error {
        case is StoreError, is CancellationError:
            return error
        case let error as DatabaseError where error.resultCode == .SQLITE_BUSY || error.resultCode == .SQLITE_LOCKED:
            return StoreError.busy(operation: operation)
        case let error as DatabaseError:
            return StoreError.database(operation: operation, reason: error.message ?? "SQLite result code \(error.resultCode.rawValue)")
        default:
            return StoreError.database(operation: operation, reason: String(describing: error))
        }
    }
}

/// One enqueue waiting for its group commit.
struct PendingEnqueue: Sendable {
    /// The job to insert.
    var job: NewJob
    /// The delivery's idempotency key.
    var idempotencyKey: String?
}

/// Forgets what only history needs, at most once per prune interval, inside an enqueue or remediation transaction
/// (indexed or small deletes, so they cost that write little):
/// - idempotency keys older than the delivery retention;
/// - `done` and `superseded` jobs not updated for the job retention (`queue.retention`);
/// - reviews, remediations and Codex runs not updated (run: ended) for the record retention (`store.review_retention`);
/// - seat leases left by a crashed holder, expired for longer than the delivery retention;
/// - follow-up threads not used for the record retention. The store does not know whether a merge request is
///   still open, so a thread's age is counted from its last use (recorded or looked up), not from the merge
///   request's closing; a follow-up in a discussion idle for longer starts a new Codex thread.
final class HistoryPruner: Sendable {
    private let schedule: PruneSchedule

    /// Creates a pruner for the configuration's retentions and interval.
    init(configuration: QueueConfiguration) {
        schedule = PruneSchedule(configuration: configuration)
    }

    /// Deletes expired keys, jobs and records if the last prune by this process is older than the interval.
    func pruneIfDue(_ db: Database, now: Date) throws {
        guard let cutoffs = schedule.cutoffsIfDue(at: now) else { return }
        try db.cachedStatement(sql: "DELETE FROM deliveries WHERE seen_at < ?").execute(arguments: [cutoffs.deliveries])
        try db.cachedStatement(sql: "DELETE FROM jobs WHERE state IN ('done', 'superseded') AND updated_at < ?")
            .execute(arguments: [cutoffs.finishedJobs])
        for table in ["reviews", "threads", "remediations"] {
            try db.cachedStatement(sql: "DELETE FROM \(table) WHERE updated_at < ?").execute(arguments: [cutoffs.records])
        }
        try db.cachedStatement(sql: "DELETE FROM codex_runs WHERE finished_at < ?").execute(arguments: [cutoffs.records])
        // A lease is deleted on release; one left by a crashed holder of a pool nobody uses again goes here.
        try db.cachedStatement(sql: "DELETE FROM seat_leases WHERE expires_at < ?").execute(arguments: [cutoffs.deliveries])
    }
}
