import Foundation
import Store
import Testing
import WardenCore
import WardenTestSupport

/// Schema migrations against a real PostgreSQL 15.
@Suite("PostgreSQL migrations", .timeLimit(.minutes(2)))
struct PostgresMigratorTests {
    private static func store(_ database: TestPostgresDatabase) throws -> PostgresStore {
        try PostgresStore(
            settings: PostgresConnectionSettings(
                host: database.server.host, port: database.server.port, username: database.server.user, database: database.name, tls: .disable
            )
        )
    }

    @Test("an empty database reports every migration pending; a dry run changes nothing; migrating applies them")
    func statusDryRunAndApply() async throws {
        let database = try TestPostgresServer.start().createDatabase()
        defer { database.remove() }
        let store = try Self.store(database)
        let before = try await store.migrationStatus()
        #expect(before.versionBefore == 0 && !before.pending.isEmpty && !before.applied)

        let dryRun = try await store.applyMigrations(dryRun: true)
        #expect(dryRun.pending == before.pending && !dryRun.applied)
        #expect(try await store.migrationStatus().versionBefore == 0)

        let applied = try await store.applyMigrations(dryRun: false)
        #expect(applied.applied && applied.versionAfter == before.pending.last?.version)
        let after = try await store.migrationStatus()
        #expect(after.versionBefore == applied.versionAfter && after.pending.isEmpty)
        #expect(try await store.applyMigrations(dryRun: false).pending.isEmpty)
    }

    @Test("two stores migrating one empty database at once both succeed, and each migration is applied once")
    func concurrentMigrators() async throws {
        let database = try TestPostgresServer.start().createDatabase()
        defer { database.remove() }
        let first = try Self.store(database)
        let second = try Self.store(database)
        async let a = first.applyMigrations(dryRun: false)
        async let b = second.applyMigrations(dryRun: false)
        let reports = try await [a, b]
        // One run applied everything; the other waited for the lock and found nothing left to do.
        #expect(reports.map(\.pending.isEmpty).sorted { !$0 && $1 } == [false, true])
        #expect(try await first.migrationStatus().pending.isEmpty)
        // Both work on the one schema.
        #expect(try await first.enqueue(.review(projectID: 1, mergeRequestIID: 2, headSHA: "abc"), idempotencyKey: nil) == .enqueued)
        #expect(try await second.list(states: nil, limit: nil).map(\.id) == ["review-1-2-abc"])
    }

    @Test("an unreachable server fails an operation within the operation timeout, naming the operation")
    func unreachableServer() async throws {
        let store = try PostgresStore(
            settings: PostgresConnectionSettings(host: "127.0.0.1", port: 1, username: "postgres", database: "none", tls: .disable, operationTimeout: .seconds(1))
        )
        let error = await #expect(throws: StoreError.self) { try await store.counts() }
        #expect(error?.description.contains("the database failed to count jobs") == true)
    }
}
