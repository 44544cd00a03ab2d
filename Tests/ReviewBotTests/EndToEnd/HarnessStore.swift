import Foundation
import Store
import Testing
import WardenCore
import WardenTestSupport

/// Which store an end-to-end world runs on: each store-facing end-to-end test runs once per case.
enum HarnessStore: String, Sendable, CaseIterable, CustomTestStringConvertible {
    case sqlite = "SQLite"
    case postgres = "PostgreSQL"

    var testDescription: String { rawValue }

    /// The store of one world, with what its tests inspect and how it is removed.
    struct Opened: Sendable {
        let store: any JobQueue & ReviewStore & ThreadStore & RemediationStore
        /// Every byte the store holds, for canary scans: the SQLite files, or a data-only dump of the database.
        let contents: @Sendable () throws -> [Data]
        let remove: @Sendable () -> Void
    }

    /// Opens a fresh store: the SQLite file in `dataDirectory`, or a new database on the test PostgreSQL server.
    func open(dataDirectory: TestDataDirectory, configuration: QueueConfiguration) throws -> Opened {
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
