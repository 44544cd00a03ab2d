import Foundation

/// Which store Warden uses (`store.url`): the embedded SQLite file, or a PostgreSQL database shared by replicas.
///
/// `description` hides a password written in the URL, so `warden config show` and logs can print it.
public enum StoreURL: Sendable, Equatable, CustomStringConvertible {
    /// `sqlite:<path>`: one file, one machine.
    case sqlite(path: String)
    /// `postgres://user[:password]@host[:port]/database[?sslmode=…]`.
    case postgres(PostgresURL)

    /// The accepted forms, shown in errors and documentation.
    public static let acceptedForm =
        "sqlite:<path> or postgres://user@host[:port]/database[?sslmode=disable|require|verify-full]"

    /// The URL of the embedded store inside a data directory: `sqlite:<data_dir>/warden.sqlite`.
    public static func sqlite(dataDirectory: String) -> StoreURL {
        .sqlite(path: (dataDirectory as NSString).appendingPathComponent("warden.sqlite"))
    }

    /// Parses a store URL; a relative SQLite path is taken from `workingDirectory`.
    ///
    /// - Throws: ``StoreURLError`` saying what is wrong, without repeating the URL (it may hold a password).
    public init(parsing text: String, workingDirectory: String) throws(StoreURLError) {
        if text.hasPrefix("sqlite:") {
            var path = String(text.dropFirst("sqlite:".count))
            // `sqlite:///var/lib/warden.sqlite` as well as `sqlite:/var/lib/warden.sqlite`.
            if path.hasPrefix("//") { path.removeFirst(2) }
            guard !path.isEmpty else { throw StoreURLError("sqlite: needs a file path after the colon") }
            self = .sqlite(path: PathResolution.absolute(path, in: workingDirectory))
        } else if text.hasPrefix("postgres://") || text.hasPrefix("postgresql://") {
            self = .postgres(try PostgresURL(parsing: text))
        } else {
            throw StoreURLError("the scheme must be sqlite: or postgres://")
        }
    }

    /// The URL with any password replaced by `<redacted>`.
    public var description: String {
        switch self {
        case .sqlite(let path): "sqlite:\(path)"
        case .postgres(let url): url.description
        }
    }
}

/// Why a `store.url` was not accepted.
public struct StoreURLError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong, never the URL itself.
    public let problem: String

    /// Creates the error.
    public init(_ problem: String) { self.problem = problem }

    /// The problem as a phrase.
    public var description: String { problem }
}

/// The parts of a `postgres://` store URL.
public struct PostgresURL: Sendable, Equatable, CustomStringConvertible {
    /// The server's host name or IP address (without brackets for IPv6).
    public var host: String
    /// The server's port.
    public var port: Int
    /// The role to log in as.
    public var user: String
    /// A password written in the URL; `store.password` is the better place for it.
    public var password: Secret?
    /// The database.
    public var database: String
    /// TLS, as libpq's `sslmode` names it.
    public var sslMode: PostgresSSLMode

    /// Creates a URL from parts that are already valid.
    public init(host: String, port: Int = 5432, user: String, password: Secret? = nil, database: String, sslMode: PostgresSSLMode = .verifyFull) {
        self.host = host
        self.port = port
        self.user = user
        self.password = password
        self.database = database
        self.sslMode = sslMode
    }

    /// Parses `postgres://user[:password]@host[:port]/database[?sslmode=…]`; `sslmode` defaults to `verify-full`.
    /// - Throws: ``StoreURLError`` naming the part that is wrong.
    public init(parsing text: String) throws(StoreURLError) {
        guard let components = URLComponents(string: text) else { throw StoreURLError("it is not a valid URL") }
        guard let host = components.host, !host.isEmpty else { throw StoreURLError("it names no host") }
        guard let user = components.user, !user.isEmpty else { throw StoreURLError("it names no user (postgres://user@host/database)") }
        if let port = components.port, !(1...65535).contains(port) { throw StoreURLError("the port must be from 1 to 65535") }
        let path = components.path
        let database = path.hasPrefix("/") ? String(path.dropFirst()) : path
        guard !database.isEmpty, !database.contains("/") else {
            throw StoreURLError("it names no database (postgres://user@host/database)")
        }
        var sslMode = PostgresSSLMode.verifyFull
        for item in components.queryItems ?? [] {
            guard item.name == "sslmode" else { throw StoreURLError("the parameter \(item.name) is not supported (only sslmode)") }
            guard let value = item.value, let mode = PostgresSSLMode(rawValue: value) else {
                throw StoreURLError("sslmode must be one of \(PostgresSSLMode.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            sslMode = mode
        }
        self.init(
            host: host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host,
            port: components.port ?? 5432,
            user: user,
            password: components.password.map(Secret.init),
            database: database,
            sslMode: sslMode
        )
    }

    /// The URL with the password, if any, shown as `<redacted>`.
    public var description: String {
        var components = URLComponents()
        components.scheme = "postgres"
        components.user = user
        components.host = host.contains(":") ? "[\(host)]" : host
        components.port = port
        components.path = "/" + database
        components.queryItems = [URLQueryItem(name: "sslmode", value: sslMode.rawValue)]
        let text = components.string ?? "postgres://\(user)@\(host):\(port)/\(database)?sslmode=\(sslMode.rawValue)"
        guard password != nil, let at = text.range(of: "@") else { return text }
        return text.replacingCharacters(in: at, with: ":<redacted>@")
    }
}

/// How the PostgreSQL connection is encrypted, as libpq's `sslmode` names it.
public enum PostgresSSLMode: String, Sendable, CaseIterable {
    /// Plain TCP: only for a server on the same host or a private network.
    case disable
    /// TLS without checking the server's certificate (against eavesdropping, not impersonation).
    case require
    /// TLS, checking the certificate chain (against `store.ca_file` if set) and the host name.
    case verifyFull = "verify-full"
}
