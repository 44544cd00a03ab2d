import Foundation
import Store
import Testing
import WardenCore
import WardenTestSupport

/// Everything Warden needs from one store implementation.
typealias WardenStore = JobQueue & ReviewStore & ThreadStore & RemediationStore & SeatLeaseStore & UsageStore & ScheduledRunStore

/// One store implementation under the conformance suite.
///
/// A factory makes a fresh, empty location (a directory, later a PostgreSQL database) and opens handles on it;
/// two handles on one location share their data as two processes would.
struct StoreFactory: Sendable, CustomTestStringConvertible {
    /// The implementation's name, shown in test results.
    let name: String
    /// Creates an empty location and returns its name and a function that removes it.
    let makeLocation: @Sendable () throws -> (location: String, remove: @Sendable () -> Void)
    /// Opens a handle on a location.
    let open: @Sendable (_ location: String, _ configuration: QueueConfiguration) throws -> any WardenStore

    var testDescription: String { name }

    /// Every implementation the conformance suite runs against.
    static let all: [StoreFactory] = [.sqlite, .postgres]

    /// The embedded SQLite store, one data directory per test.
    static let sqlite = StoreFactory(
        name: "SQLite",
        makeLocation: {
            let directory = try TestDataDirectory()
            return (directory.path, { directory.remove() })
        },
        open: { location, configuration in
            try SQLiteStore.open(dataDirectory: location, configuration: configuration)
        }
    )

    /// The PostgreSQL store on the process's test server, one database per test (the location is its name).
    static let postgres = StoreFactory(
        name: "PostgreSQL",
        makeLocation: {
            let database = try TestPostgresServer.start().createDatabase()
            return (database.name, { database.remove() })
        },
        open: { location, configuration in
            let server = try TestPostgresServer.start()
            return try PostgresStore(
                settings: PostgresConnectionSettings(
                    host: server.host, port: server.port, username: server.user, database: location, tls: .disable, poolSize: 4
                ),
                configuration: configuration
            )
        }
    )

    /// Runs `body` with a fresh location and a test clock, then removes the location.
    func withLocation<T>(_ body: (StoreLocation) async throws -> T) async throws -> T {
        let (location, remove) = try makeLocation()
        defer { remove() }
        return try await body(StoreLocation(factory: self, location: location, clock: TestClock()))
    }
}

/// A fresh location of one factory, with the clock every handle on it reads.
struct StoreLocation: Sendable {
    let factory: StoreFactory
    let location: String
    let clock: TestClock

    /// A configuration with small, predictable numbers: three attempts, 10 s backoff doubling to at most 40 s.
    var configuration: QueueConfiguration {
        let clock = self.clock
        return QueueConfiguration(
            QueueSettings(maxAttempts: 3),
            backoffBase: .seconds(10),
            backoffCap: .seconds(40),
            busyTimeout: .seconds(10),
            now: { clock.now }
        )
    }

    /// Opens a handle; a second call gives a second, independent handle on the same data.
    func open() throws -> any WardenStore {
        try factory.open(location, configuration)
    }
}
