import Foundation
public import Logging
import NIOSSL
import PostgresNIO
import Synchronization
import WardenCore

/// The store for several replicas: every `warden serve` process connected to one PostgreSQL database shares the
/// queue, the reviews, the threads and the remediation records.
///
/// The semantics are the SQLite store's (the conformance suite runs against both): claims use
/// `FOR UPDATE SKIP LOCKED` so two replicas never claim one job, leases expire, and unique constraints deduplicate
/// job ids and delivery keys across replicas. The schema is migrated on first use, under an advisory lock, so
/// replicas starting together never race. Enqueues send a `NOTIFY` that ``forwardWakeUps(to:)`` turns into a local
/// wake-up on every replica.
///
/// The connection pool runs in a task the store owns; it closes when the last reference to the store goes.
public final class PostgresStore: JobQueue, ReviewStore, ThreadStore, Sendable {
    /// Where the store connects.
    public let settings: PostgresConnectionSettings
    /// The queue's retry policy and clock.
    public let configuration: QueueConfiguration

    let client: PostgresClient
    let logger: Logger
    let pruner: PostgresPruner
    private let runner: Task<Void, Never>
    private let schema: SchemaGate

    /// The channel enqueues notify and ``forwardWakeUps(to:)`` listens on.
    static let wakeUpChannel = "warden_jobs"

    /// Creates a store and starts its connection pool; connects on first use and migrates the schema then.
    ///
    /// - Parameters:
    ///   - settings: Server, credentials, TLS and pool size.
    ///   - configuration: Retry policy, retention and clock, as for the SQLite store.
    ///   - logger: Where the pool logs connection trouble.
    /// - Throws: ``StoreError`` `invalid_argument` for a pool size below 1 or a CA file that cannot be read.
    public init(settings: PostgresConnectionSettings, configuration: QueueConfiguration = .init(), logger: Logger = Logger(label: "warden.store")) throws {
        guard settings.poolSize >= 1 else {
            throw StoreError.invalidArgument("store.pool_size", problem: "is \(settings.poolSize); it must be at least 1")
        }
        self.settings = settings
        self.configuration = configuration
        self.logger = logger
        var clientConfiguration = PostgresClient.Configuration(
            host: settings.host,
            port: settings.port,
            username: settings.username,
            password: settings.password?.exposedValue,
            database: settings.database,
            tls: try Self.tls(settings)
        )
        clientConfiguration.options.maximumConnections = settings.poolSize
        clientConfiguration.options.connectTimeout = .seconds(10)
        let client = PostgresClient(configuration: clientConfiguration, backgroundLogger: logger)
        self.client = client
        runner = Task { await client.run() }
        pruner = PostgresPruner(configuration: configuration)
        schema = SchemaGate()
    }

    deinit {
        runner.cancel()
    }

    /// Applies the migrations the database lacks, under an advisory lock; later calls return at once.
    ///
    /// Every operation calls this first, so calling it at start only moves a schema error earlier.
    /// - Throws: ``StoreError`` when the server cannot be reached or a migration fails.
    public func migrate() async throws {
        try await schema.ensure { [client, logger, configuration] in
            _ = try await PostgresMigrator(client: client, logger: logger, now: configuration.now).apply(dryRun: false)
        }
    }

    /// The schema version of the database and the migrations it lacks; changes nothing.
    /// - Throws: ``StoreError`` when the server cannot be reached, or the schema is newer than this Warden.
    public func migrationStatus() async throws -> PostgresMigrationReport {
        try await PostgresMigrator(client: client, logger: logger, now: configuration.now).status()
    }

    /// Applies the pending migrations under the advisory lock and reports them; with `dryRun`, only reports them.
    /// - Throws: ``StoreError`` when the server cannot be reached or a migration fails.
    public func applyMigrations(dryRun: Bool) async throws -> PostgresMigrationReport {
        try await PostgresMigrator(client: client, logger: logger, now: configuration.now).apply(dryRun: dryRun)
    }

    /// The TLS mode PostgresNIO connects with.
    private static func tls(_ settings: PostgresConnectionSettings) throws -> PostgresClient.Configuration.TLS {
        switch settings.tls {
        case .disable:
            return .disable
        case .require:
            var tls = TLSConfiguration.makeClientConfiguration()
            tls.certificateVerification = .none
            return .require(tls)
        case .verifyFull:
            var tls = TLSConfiguration.makeClientConfiguration()
            tls.certificateVerification = .fullVerification
            if let caFile = settings.caFile {
                do {
                    tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(caFile))
                } catch {
                    throw StoreError.invalidArgument("store.ca_file", problem: "\(caFile) holds no readable PEM certificate: \(error)")
                }
            }
            return .require(tls)
        }
    }

    // MARK: - Running statements

    /// Runs `body` in one transaction after the schema is migrated, retrying a deadlock or serialization failure a few
    /// times, and maps failures to ``StoreError``; gives up after ``PostgresConnectionSettings/operationTimeout``.
    func transaction<T: Sendable>(_ operation: String, _ body: @escaping @Sendable (PostgresConnection) async throws -> T) async throws -> T {
        try await withDeadline(operation) { [client, logger] in
            try await self.migrate()
            var attempt = 0
            while true {
                attempt += 1
                do {
                    return try await client.withTransaction(logger: logger) { connection in try await body(connection) }
                } catch {
                    if attempt < 5, Self.isTransient(error) {
                        try await Task.sleep(for: .milliseconds(5 * attempt))
                        continue
                    }
                    throw error
                }
            }
        }
    }

    /// Runs `body` on one pooled connection outside a transaction (each statement commits by itself) after the schema
    /// is migrated; for operations whose usual case is one statement, so they cost one round trip, not three.
    func withConnection<T: Sendable>(_ operation: String, _ body: @escaping @Sendable (PostgresConnection) async throws -> T) async throws -> T {
        try await withDeadline(operation) { [client] in
            try await self.migrate()
            return try await client.withConnection { connection in try await body(connection) }
        }
    }

    /// Runs one statement outside a transaction after the schema is migrated, and collects its rows; gives up after
    /// ``PostgresConnectionSettings/operationTimeout``.
    func fetch(_ operation: String, _ query: PostgresQuery) async throws -> [PostgresRow] {
        try await withDeadline(operation) { [client, logger] in
            try await self.migrate()
            return try await client.query(query, logger: logger).collect()
        }
    }

    /// Runs `body`, mapping its failure to ``StoreError`` and failing it once the operation timeout passes: the pool
    /// keeps retrying an unreachable server for a minute, and a webhook must be answered well before that.
    private func withDeadline<T: Sendable>(_ operation: String, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
        let timeout = settings.operationTimeout
        do {
            return try await OperationDeadline.run(
                within: timeout,
                timeoutError: { StoreError.database(operation: operation, reason: "PostgreSQL did not answer within \(timeout)") },
                body
            )
        } catch {
            throw Self.storeError(error, operation: operation)
        }
    }

    /// Whether trying the transaction again can succeed: a deadlock or a serialization failure.
    private static func isTransient(_ error: any Error) -> Bool {
        let state = sqlState(of: unwrap(error))
        return state == "40P01" || state == "40001"
    }

    /// The error a transaction's closure threw, rather than PostgresNIO's wrapper around it.
    private static func unwrap(_ error: any Error) -> any Error {
        guard let transaction = error as? PostgresTransactionError else { return error }
        return transaction.closureError ?? transaction.commitError ?? transaction.beginError ?? error
    }

    /// The server's SQLSTATE of an error, if the server sent one.
    private static func sqlState(of error: any Error) -> String? {
        (error as? PSQLError)?.serverInfo?[.sqlState]
    }

    /// The error to throw for a failure while doing `operation`: our own errors and cancellation pass through; the
    /// server's message is kept, never the query's bindings.
    static func storeError(_ error: any Error, operation: String) -> any Error {
        let error = unwrap(error)
        switch error {
        case is StoreError, is CancellationError:
            return error
        case let error as PSQLError:
            if let info = error.serverInfo {
                let state = info[.sqlState] ?? "?"
                if state == "55P03" || state == "40P01" || state == "40001" { return StoreError.busy(operation: operation) }
                return StoreError.database(operation: operation, reason: "\(info[.message] ?? "server error") (SQLSTATE \(state))")
            }
            return StoreError.database(operation: operation, reason: "PostgreSQL \(error.code.description)\(error.underlying.map { ": \($0)" } ?? "")")
        default:
            return StoreError.database(operation: operation, reason: String(describing: error))
        }
    }
}

/// Runs the schema migration until it succeeds once per store; a failed attempt (server unreachable) is tried again by
/// the next operation instead of failing the store for good.
///
/// Callers that arrive before the first success each run the migrator themselves, inside their own (cancellable)
/// task: the advisory lock makes them take turns, and all but the first find nothing to do.
final class SchemaGate: Sendable {
    private let done = Atomic<Bool>(false)

    /// Runs `migrate` unless a run already succeeded.
    func ensure(_ migrate: () async throws -> Void) async throws {
        if done.load(ordering: .acquiring) { return }
        try await migrate()
        done.store(true, ordering: .releasing)
    }
}
