import Foundation
import Logging
import PostgresNIO

/// What a migration run found and did.
public struct PostgresMigrationReport: Sendable, Equatable {
    /// The schema version before the run (0 for an empty database).
    public var versionBefore: Int
    /// The migrations the database lacked: applied by the run, or only listed by a dry run.
    public var pending: [PostgresMigration]
    /// Whether ``pending`` was applied.
    public var applied: Bool

    /// The schema version after the run.
    public var versionAfter: Int { applied ? (pending.last?.version ?? versionBefore) : versionBefore }
}

/// Applies ``PostgresSchema/migrations`` to a database, holding a session advisory lock so that replicas starting
/// together take turns: the first applies what is missing, the others then find nothing to do.
///
/// Each migration runs in its own transaction together with its row in `schema_migrations`, so a failed one leaves
/// the database at the previous version.
struct PostgresMigrator {
    /// The advisory lock key, the same for every Warden ("Warden" in ASCII).
    static let lockKey: Int64 = 0x5761_7264_656E

    let client: PostgresClient
    let logger: Logger
    let now: @Sendable () -> Date
    var migrations: [PostgresMigration] = PostgresSchema.migrations

    /// Reads the schema version and what is pending, taking no lock and changing nothing.
    func status() async throws -> PostgresMigrationReport {
        do {
            return try await client.withConnection { connection in
                let applied = try await Self.appliedVersions(connection, logger: logger)
                let pending = try PostgresMigrationPlan.pending(applied: applied, available: migrations)
                return PostgresMigrationReport(versionBefore: applied.max() ?? 0, pending: pending, applied: false)
            }
        } catch {
            throw PostgresStore.storeError(error, operation: "read the schema version")
        }
    }

    /// Applies every pending migration, or with `dryRun` only lists them.
    func apply(dryRun: Bool) async throws -> PostgresMigrationReport {
        if dryRun { return try await status() }
        do {
            return try await client.withConnection { connection in
                try await connection.query("SELECT pg_advisory_lock(\(Self.lockKey))", logger: logger)
                do {
                    let report = try await applyLocked(connection)
                    try await connection.query("SELECT pg_advisory_unlock(\(Self.lockKey))", logger: logger)
                    return report
                } catch {
                    // The lock belongs to the session: release it before the connection goes back to the pool.
                    _ = try? await connection.query("SELECT pg_advisory_unlock(\(Self.lockKey))", logger: logger)
                    throw error
                }
            }
        } catch {
            throw PostgresStore.storeError(error, operation: "migrate the schema")
        }
    }

    /// Creates the bookkeeping table and applies what is pending; the caller holds the advisory lock.
    private func applyLocked(_ connection: PostgresConnection) async throws -> PostgresMigrationReport {
        try await connection.query(
            """
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version bigint PRIMARY KEY,
                name text NOT NULL,
                applied_at double precision NOT NULL
            )
            """,
            logger: logger
        )
        let applied = try await Self.appliedVersions(connection, logger: logger)
        let pending = try PostgresMigrationPlan.pending(applied: applied, available: migrations)
        for migration in pending {
            let appliedAt = now().timeIntervalSince1970
            try await connection.withTransaction(logger: logger) { connection in
                for statement in migration.statements {
                    try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                }
                try await connection.query(
                    "INSERT INTO schema_migrations (version, name, applied_at) VALUES (\(migration.version), \(migration.name), \(appliedAt))",
                    logger: logger
                )
            }
            logger.info("store schema migrated", metadata: ["version": "\(migration.version)", "name": "\(migration.name)"])
        }
        return PostgresMigrationReport(versionBefore: applied.max() ?? 0, pending: pending, applied: true)
    }

    /// The versions recorded in `schema_migrations`; none when the table does not exist yet.
    private static func appliedVersions(_ connection: PostgresConnection, logger: Logger) async throws -> Set<Int> {
        let exists = try await connection.query("SELECT to_regclass('schema_migrations') IS NOT NULL", logger: logger)
            .collect().first?.decode(Bool.self) ?? false
        guard exists else { return [] }
        var versions: Set<Int> = []
        for try await version in try await connection.query("SELECT version FROM schema_migrations", logger: logger).decode(Int.self) {
            versions.insert(version)
        }
        return versions
    }
}
