import GRDB

/// The durability settings and schema version of an open SQLite store, for `warden doctor`.
public struct SQLiteSettings: Sendable, Equatable {
    /// `wal` when concurrent readers and other processes are supported.
    public var journalMode: String
    /// `full` when every commit waits for the disk.
    public var synchronous: String
    /// The migrations applied to the file, oldest first (`v1`, …).
    public var appliedMigrations: [String]

    /// Creates settings from their parts.
    public init(journalMode: String, synchronous: String, appliedMigrations: [String]) {
        self.journalMode = journalMode
        self.synchronous = synchronous
        self.appliedMigrations = appliedMigrations
    }
}

extension SQLiteStore {
    /// Reads the settings of the connection that writes, which are the ones durability depends on.
    public func settings() async throws -> SQLiteSettings {
        do {
            return try await pool.writeWithoutTransaction { db in
                let journalMode = try String.fetchOne(db, sql: "PRAGMA journal_mode") ?? "unknown"
                let level = try Int.fetchOne(db, sql: "PRAGMA synchronous") ?? -1
                let names = [0: "off", 1: "normal", 2: "full", 3: "extra"]
                return SQLiteSettings(
                    journalMode: journalMode,
                    synchronous: names[level] ?? "unknown",
                    appliedMigrations: try SQLiteSchema.migrator.appliedMigrations(db)
                )
            }
        } catch {
            throw Self.storeError(error, operation: "read the database settings")
        }
    }
}
