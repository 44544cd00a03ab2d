public import Logging
public import WardenCore

/// The store `store.url` names, opened: SQLite or PostgreSQL behind the same protocols.
public enum OpenedStore: Sendable {
    /// The embedded SQLite file.
    case sqlite(SQLiteStore)
    /// A PostgreSQL database shared by replicas.
    case postgres(PostgresStore)

    /// Opens the configured store. SQLite migrates while opening; PostgreSQL connects and migrates on first use (call
    /// ``PostgresStore/migrate()`` to do it at once).
    /// - Parameters:
    ///   - settings: `store.*`.
    ///   - configuration: The queue's retry policy and clock.
    ///   - logger: Where PostgreSQL connection trouble is logged.
    /// - Throws: ``StoreError`` when the SQLite file cannot be opened or the PostgreSQL settings are unusable.
    public static func open(_ settings: StoreSettings, configuration: QueueConfiguration, logger: Logger = Logger(label: "warden.store")) throws -> OpenedStore {
        switch settings.url {
        case .sqlite(let path):
            return .sqlite(try SQLiteStore(path: path, configuration: configuration))
        case .postgres(let url):
            let connection = PostgresConnectionSettings(url: url, password: settings.password, caFile: settings.caFile, poolSize: settings.poolSize)
            return .postgres(try PostgresStore(settings: connection, configuration: configuration, logger: logger))
        }
    }

    /// The store as a source or target of `warden store copy`.
    public var copying: any StoreCopying {
        switch self {
        case .sqlite(let store): store
        case .postgres(let store): store
        }
    }

    /// The store behind every protocol Warden uses.
    public var store: any JobQueue & ReviewStore & ThreadStore & RemediationStore & SeatLeaseStore & UsageStore & ScheduledRunStore {
        switch self {
        case .sqlite(let store): store
        case .postgres(let store): store
        }
    }
}
