public import Foundation
public import Store
import WardenCore

/// Which store an end-to-end world runs on: each store-facing end-to-end test runs once per case (`arguments:
/// TestStore.allCases`), so the review, follow-up, failure-policy and remediation paths are proven on both.
public enum TestStore: String, Sendable, CaseIterable, CustomStringConvertible {
    /// The embedded SQLite file in the test's data directory.
    case sqlite = "SQLite"
    /// A fresh database on the process's ``TestPostgresServer``.
    case postgres = "PostgreSQL"

    /// The name shown in test results.
    public var description: String { rawValue }

    /// The store of one world, with what its tests inspect and how it is removed.
    public struct Opened: Sendable {
        /// The store.
        public let store: any JobQueue & ReviewStore & ThreadStore & RemediationStore & SeatLeaseStore & UsageStore
        /// Every byte the store holds, for canary scans: the SQLite files, or a data-only dump of the database.
        public let contents: @Sendable () throws -> [Data]
        /// Drops the PostgreSQL database (the SQLite file goes with its data directory).
        public let remove: @Sendable () -> Void
    }

    /// Opens a fresh store: the SQLite file in `directory`, or a new database on the test PostgreSQL server.
    /// - Throws: ``TestSupportError`` when the test PostgreSQL cannot start, or the store's error.
    public func open(dataDirectory: TestDataDirectory, configuration: QueueConfiguration = QueueConfiguration()) throws -> Opened {
        switch self {
        case .sqlite:
            let store = try SQLiteStore.open(dataDirectory: dataDirectory.path, configuration: configuration)
            return Opened(
                store: store,
                contents: { dataDirectory.allFiles().filter { $0.path.contains(SQLiteStore.fileName) }.map(\.bytes) },
                remove: {}
            )
        case .postgres:
            let database = try TestPostgresServer.start().createDatabase()
            let store = try PostgresStore(
                settings: PostgresConnectionSettings(
                    host: database.server.host, port: database.server.port, username: database.server.user, database: database.name,
                    tls: .disable, poolSize: 4
                ),
                configuration: configuration
            )
            return Opened(store: store, contents: { [Data(try database.dump().utf8)] }, remove: { database.remove() })
        }
    }
}
