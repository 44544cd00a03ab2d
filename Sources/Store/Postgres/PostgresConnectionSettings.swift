public import WardenCore

/// Where and how the PostgreSQL store connects: one server, one database, a pool of connections.
public struct PostgresConnectionSettings: Sendable, Equatable {
    /// The server's host name or IP address.
    public var host: String
    /// The server's TCP port.
    public var port: Int
    /// The role Warden logs in as.
    public var username: String
    /// The role's password, if the server asks for one.
    public var password: Secret?
    /// The database holding Warden's tables.
    public var database: String
    /// Whether and how TLS is used.
    public var tls: PostgresSSLMode
    /// A PEM file of the certificate authorities trusted for `verify-full`; the system's when `nil`.
    public var caFile: String?
    /// The most connections the store opens at once (each replica opens its own pool).
    public var poolSize: Int
    /// How long one store operation may take, waiting for a connection included, before it fails: while PostgreSQL
    /// is unreachable, webhooks get a 503 (GitLab redelivers) instead of hanging past GitLab's 10 s timeout.
    public var operationTimeout: Duration

    /// Settings for the database a store URL names; a password in `password` wins over one in the URL.
    public init(url: PostgresURL, password: Secret?, caFile: String?, poolSize: Int) {
        self.init(
            host: url.host, port: url.port, username: url.user, password: password ?? url.password, database: url.database,
            tls: url.sslMode, caFile: caFile, poolSize: poolSize
        )
    }

    /// The pool size when none is configured.
    public static let defaultPoolSize = 10

    /// Creates connection settings.
    public init(
        host: String,
        port: Int = 5432,
        username: String,
        password: Secret? = nil,
        database: String,
        tls: PostgresSSLMode = .verifyFull,
        caFile: String? = nil,
        poolSize: Int = defaultPoolSize,
        operationTimeout: Duration = .seconds(8)
    ) {
        self.host = host
        self.port = port
        self.username = username
        self.password = password
        self.database = database
        self.tls = tls
        self.caFile = caFile
        self.poolSize = poolSize
        self.operationTimeout = operationTimeout
    }
}
