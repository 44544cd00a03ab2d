import Foundation
import Synchronization

/// A real PostgreSQL 15 server for the tests of one process, started on first use in a temporary folder and
/// stopped when the process exits; every test gets its own database, copied from an empty template.
///
/// As root (CI and the development machines), `initdb` refuses to run, so the server runs as the `postgres` user,
/// in a folder it owns. It listens on 127.0.0.1 with trust authentication and `fsync=off`: test data need not survive
/// a power cut.
public final class TestPostgresServer: Sendable {
    /// The directory of Debian's `postgresql-15` binaries.
    public static let binaries = "/usr/lib/postgresql/15/bin"
    /// The superuser tests connect as.
    public let user = "postgres"
    /// The server's address.
    public let host = "127.0.0.1"
    /// The server's TCP port.
    public let port: Int
    /// The data folder, which also holds the server's socket and log.
    public let directory: String

    private let nextDatabase = Atomic<Int>(0)
    private static let template = "warden_template"
    private static let shared = Mutex<TestPostgresServer?>(nil)

    private init(port: Int, directory: String) {
        self.port = port
        self.directory = directory
    }

    /// The server of this process, started by the first call.
    /// - Throws: ``TestSupportError`` `postgres_failed` when the binaries are missing or the server does not start.
    public static func start() throws -> TestPostgresServer {
        try shared.withLock { server in
            if let server { return server }
            let started = try launch()
            server = started
            atexit { TestPostgresServer.stopShared() }
            return started
        }
    }

    /// A fresh, empty database for one test; ``TestPostgresDatabase/remove()`` drops it.
    /// - Throws: ``TestSupportError`` `postgres_failed` when `CREATE DATABASE` fails.
    public func createDatabase() throws -> TestPostgresDatabase {
        let name = "warden_\(ProcessInfo.processInfo.processIdentifier)_\(nextDatabase.add(1, ordering: .relaxed).newValue)"
        try psql("CREATE DATABASE \(name) TEMPLATE \(Self.template)")
        return TestPostgresDatabase(server: self, name: name)
    }

    /// Runs one SQL command as the superuser, against the `postgres` database unless another is named.
    /// - Throws: ``TestSupportError`` `postgres_failed` with what psql printed.
    public func psql(_ sql: String, database: String = "postgres") throws {
        _ = try Self.run(
            "\(Self.binaries)/psql",
            ["-h", host, "-p", "\(port)", "-U", user, "-d", database, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-c", sql],
            step: sql
        )
    }

    /// A data-only dump of one database.
    func dump(database: String) throws -> String {
        try Self.run(
            "\(Self.binaries)/pg_dump",
            ["-h", host, "-p", "\(port)", "-U", user, "-d", database, "--data-only", "--no-owner"],
            step: "pg_dump \(database)"
        )
    }

    /// The store URL of a database on this server (no TLS, no password: trust authentication).
    public func url(database: String) -> String {
        "postgres://\(user)@\(host):\(port)/\(database)?sslmode=disable"
    }

    // MARK: - Starting and stopping

    private static func launch() throws -> TestPostgresServer {
        guard FileManager.default.isExecutableFile(atPath: "\(binaries)/initdb") else {
            throw TestSupportError.postgresFailed(step: "looking for \(binaries)/initdb", reason: "not found")
        }
        let directory = "/tmp/warden-pg-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString.prefix(8).lowercased())"
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            if getuid() == 0 {
                try FileManager.default.setAttributes([.ownerAccountName: "postgres"], ofItemAtPath: directory)
            }
        } catch {
            throw TestSupportError.postgresFailed(step: "creating \(directory)", reason: "\(error)")
        }
        let data = directory + "/data"
        _ = try run(asServerUser("\(binaries)/initdb"), ["-D", data, "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8"], step: "initdb")
        var lastError: (any Error)?
        // A port another process took between choosing and binding: try a few.
        for _ in 0..<5 {
            let port = Int.random(in: 20_000...60_000)
            do {
                let server = TestPostgresServer(port: port, directory: directory)
                try server.resume()
                try server.psql("CREATE DATABASE \(template) TEMPLATE template0")
                return server
            } catch {
                lastError = error
                let log = (try? String(contentsOfFile: directory + "/server.log", encoding: .utf8)) ?? ""
                if !log.contains("Address already in use") { break }
            }
        }
        throw lastError ?? TestSupportError.postgresFailed(step: "pg_ctl start", reason: "no port was free")
    }

    /// A server of the caller's own, for a test that stops and restarts it (an outage); ``remove()`` ends it.
    /// - Throws: ``TestSupportError`` `postgres_failed` when it does not start.
    public static func startPrivate() throws -> TestPostgresServer {
        try launch()
    }

    /// Stops the server at once, as a crash or a network cut would look to its clients.
    /// - Throws: ``TestSupportError`` `postgres_failed` with what pg_ctl printed.
    public func suspend() throws {
        _ = try Self.run(Self.asServerUser("\(Self.binaries)/pg_ctl"), ["-D", directory + "/data", "-m", "immediate", "-w", "stop"], step: "pg_ctl stop")
    }

    /// Starts the server (again) on its port.
    /// - Throws: ``TestSupportError`` `postgres_failed` with what pg_ctl printed.
    public func resume() throws {
        _ = try Self.run(
            Self.asServerUser("\(Self.binaries)/pg_ctl"),
            [
                "-D", directory + "/data", "-l", directory + "/server.log", "-w", "-t", "60",
                "-o", "-p \(port) -k \(directory) -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300",
                "start",
            ],
            step: "pg_ctl start"
        )
    }

    /// Stops a server from ``startPrivate()`` and deletes its folder.
    public func remove() {
        try? suspend()
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// Stops the process's server, if one was started, and deletes its folder; called at exit.
    private static func stopShared() {
        shared.withLock({ $0 })?.remove()
    }

    /// `tool` as the `postgres` user when running as root (initdb and the server refuse root), else `tool` itself.
    private static func asServerUser(_ tool: String) -> [String] {
        getuid() == 0 ? ["/usr/sbin/runuser", "-u", "postgres", "--", tool] : [tool]
    }

    private static func run(_ command: [String], _ arguments: [String], step: String) throws -> String {
        try run(command[0], Array(command.dropFirst()) + arguments, step: step)
    }

    /// Runs a tool to its end; its output goes to a file, never a pipe a forked server could hold open.
    ///
    /// posix_spawn and waitpid rather than Foundation's Process, whose exit detection never fired after `pg_ctl start`
    /// (the server it leaves running inherits what Process watches).
    private static func run(_ tool: String, _ arguments: [String], step: String) throws -> String {
        let outputPath = NSTemporaryDirectory() + "warden-pg-\(UUID().uuidString).out"
        defer { try? FileManager.default.removeItem(atPath: outputPath) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        // In /tmp, which the postgres user can enter, whatever the test's working directory is (env -C).
        let argv = (["/usr/bin/env", "-C", "/tmp", tool] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, "/usr/bin/env", &actions, nil, argv, environ)
        guard spawned == 0 else {
            throw TestSupportError.postgresFailed(step: step, reason: "\(tool) did not run: \(String(cString: strerror(spawned)))")
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 {
            guard errno == EINTR else { throw TestSupportError.postgresFailed(step: step, reason: "waitpid failed: errno \(errno)") }
        }
        let text = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
        // Exited normally with status 0: the low 7 bits are the signal (0) and the next 8 the exit status.
        guard status & 0x7f == 0, (status >> 8) & 0xff == 0 else {
            throw TestSupportError.postgresFailed(step: step, reason: "wait status \(status): \(text.suffix(2000))")
        }
        return text
    }
}

/// One test's database on the ``TestPostgresServer``.
public struct TestPostgresDatabase: Sendable {
    /// The server it lives on.
    public let server: TestPostgresServer
    /// The database's name.
    public let name: String

    /// The store URL of the database.
    public var url: String { server.url(database: name) }

    /// The rows of every table as `pg_dump --data-only` prints them, for scans of what the store holds.
    /// - Throws: ``TestSupportError`` `postgres_failed` with what pg_dump printed.
    public func dump() throws -> String {
        try server.dump(database: name)
    }

    /// Drops the database, closing any connection still open to it.
    public func remove() {
        try? server.psql("DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
    }
}
