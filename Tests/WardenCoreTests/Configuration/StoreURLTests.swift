import Testing
import WardenCore

/// `store.url` parsing: a pure function over text, tested as a table.
@Suite("Store URL")
struct StoreURLTests {
    struct Valid: Sendable, CustomTestStringConvertible {
        let text: String
        let expected: StoreURL
        var testDescription: String { text }
    }

    @Test(
        "accepted URLs",
        arguments: [
            Valid(text: "sqlite:/var/lib/warden/warden.sqlite", expected: .sqlite(path: "/var/lib/warden/warden.sqlite")),
            Valid(text: "sqlite:///var/lib/warden.sqlite", expected: .sqlite(path: "/var/lib/warden.sqlite")),
            Valid(text: "sqlite:data/warden.sqlite", expected: .sqlite(path: "/srv/data/warden.sqlite")),
            Valid(
                text: "postgres://warden@db.internal/warden",
                expected: .postgres(PostgresURL(host: "db.internal", user: "warden", database: "warden", sslMode: .verifyFull))
            ),
            Valid(
                text: "postgresql://warden@10.0.0.5:6432/reviews?sslmode=disable",
                expected: .postgres(PostgresURL(host: "10.0.0.5", port: 6432, user: "warden", database: "reviews", sslMode: .disable))
            ),
            Valid(
                text: "postgres://warden:s%40cret@db/warden?sslmode=require",
                expected: .postgres(
                    PostgresURL(host: "db", user: "warden", password: Secret("s@cret"), database: "warden", sslMode: .require)
                )
            ),
        ]
    )
    func valid(row: Valid) throws {
        #expect(try StoreURL(parsing: row.text, workingDirectory: "/srv") == row.expected)
    }

    struct Invalid: Sendable, CustomTestStringConvertible {
        let text: String
        let problem: String
        var testDescription: String { text }
    }

    @Test(
        "refused URLs say what is wrong",
        arguments: [
            Invalid(text: "/var/lib/warden.sqlite", problem: "the scheme must be sqlite: or postgres://"),
            Invalid(text: "sqlite:", problem: "sqlite: needs a file path after the colon"),
            Invalid(text: "postgres://db/warden", problem: "it names no user (postgres://user@host/database)"),
            Invalid(text: "postgres://warden@db", problem: "it names no database (postgres://user@host/database)"),
            Invalid(text: "postgres://warden@db/a/b", problem: "it names no database (postgres://user@host/database)"),
            Invalid(text: "postgres://warden@/warden", problem: "it names no host"),
            Invalid(text: "postgres://warden@db:0/warden", problem: "the port must be from 1 to 65535"),
            Invalid(text: "postgres://warden@db/warden?sslmode=prefer", problem: "sslmode must be one of disable, require, verify-full"),
            Invalid(text: "postgres://warden@db/warden?connect_timeout=5", problem: "the parameter connect_timeout is not supported (only sslmode)"),
        ]
    )
    func invalid(row: Invalid) {
        #expect(throws: StoreURLError(row.problem)) { try StoreURL(parsing: row.text, workingDirectory: "/srv") }
    }

    @Test("the description hides a password and names the defaults")
    func description() throws {
        let url = try StoreURL(parsing: "postgres://warden:hunter2@db/warden", workingDirectory: "/")
        #expect(url.description == "postgres://warden:<redacted>@db:5432/warden?sslmode=verify-full")
        #expect(try StoreURL(parsing: "postgres://warden@db/warden", workingDirectory: "/").description == "postgres://warden@db:5432/warden?sslmode=verify-full")
    }
}
