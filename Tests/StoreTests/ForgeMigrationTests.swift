import Foundation
import GRDB
@testable import Store
import Testing
import WardenCore
import WardenTestSupport

/// Schema v5 (SQLite) and migration 5 (PostgreSQL): stores written before GitHub existed keep their jobs and reviews,
/// which become GitLab's.
@Suite("Forge migration", .timeLimit(.minutes(2)))
struct ForgeMigrationTests {
    /// A GitLab review job and a posted review, in the columns every schema version has.
    private static let olderRows = """
        INSERT INTO jobs (id, kind, state, attempts, created_at, updated_at, project_id, merge_request_iid, head_sha)
        VALUES ('review-42-7-aaa', 'review', 'pending', 0, 1, 1, 42, 7, 'aaa');
        INSERT INTO reviews (project_id, merge_request_iid, head_sha, state, status_note_id, input_tokens, cached_input_tokens,
            output_tokens, reasoning_tokens, created_at, updated_at)
        VALUES (42, 7, 'aaa', 'posted', 5, 0, 0, 0, 0, 1, 1);
        INSERT INTO remediations (project_id, day, finding_id, outcome, merge_request_iid, input_tokens, output_tokens, created_at,
            updated_at)
        VALUES (42, '2027-01-15', 'GHSA-1', 'merge_request_opened', 9, 0, 0, 1, 1);
        """

    /// What a migrated store must show: the old rows, GitLab's, and room for GitHub's with the same numbers.
    private static func expectMigrated(_ store: some JobQueue & ReviewStore & RemediationStore) async throws {
        // Remediations too (SQLite v9, PostgreSQL migration 9): the old record is GitLab's, GitHub's id 42 has none.
        #expect(try await store.remediation(forge: .gitlab, projectID: 42, day: "2027-01-15", findingID: "GHSA-1")?.mergeRequestIID == 9)
        #expect(try await store.remediation(forge: .github, projectID: 42, day: "2027-01-15", findingID: "GHSA-1") == nil)
        #expect(try await store.remediationMergeRequestCount(forge: .gitlab, projectID: 42, day: "2027-01-15") == 1)
        let jobs = try await store.list(states: nil, limit: nil)
        #expect(jobs.map(\.id) == ["review-42-7-aaa"])
        #expect(jobs.first?.forge == .gitlab && jobs.first?.repository == nil && jobs.first?.installationID == nil)
        #expect(try await store.isReviewed(forge: .gitlab, projectID: 42, mergeRequestIID: 7, headSHA: "aaa"))
        #expect(try await store.latest(forge: .gitlab, projectID: 42, mergeRequestIID: 7)?.statusNoteID == 5)
        #expect(try await store.isReviewed(forge: .github, projectID: 42, mergeRequestIID: 7, headSHA: "aaa") == false)
        try await store.record(ReviewRecord(forge: .github, projectID: 42, mergeRequestIID: 7, headSHA: "aaa", state: .posted, statusNoteID: 6))
        #expect(try await store.latest(forge: .github, projectID: 42, mergeRequestIID: 7)?.statusNoteID == 6)
        #expect(try await store.latest(forge: .gitlab, projectID: 42, mergeRequestIID: 7)?.statusNoteID == 5)
    }

    @Test("an SQLite file at schema v4 is migrated to v5 with its rows kept as GitLab's")
    func sqlite() async throws {
        let directory = try TestDataDirectory()
        defer { directory.remove() }
        let older = try DatabaseQueue(path: directory.path + "/" + SQLiteStore.fileName)
        try SQLiteSchema.migrator.migrate(older, upTo: "v4")
        try await older.write { db in try db.execute(sql: Self.olderRows) }
        try older.close()
        let store = try SQLiteStore.open(dataDirectory: directory.path)
        #expect(try await store.settings().appliedMigrations.contains("v5"))
        try await Self.expectMigrated(store)
    }

    @Test("a PostgreSQL database at migration 4 is migrated to 5 with its rows kept as GitLab's")
    func postgres() async throws {
        let database = try TestPostgresServer.start().createDatabase()
        defer { database.remove() }
        var sql = "CREATE TABLE schema_migrations (version bigint PRIMARY KEY, name text NOT NULL, applied_at double precision NOT NULL);\n"
        for migration in PostgresSchema.migrations where migration.version <= 4 {
            sql += migration.statements.joined(separator: ";\n") + ";\n"
            sql += "INSERT INTO schema_migrations VALUES (\(migration.version), '\(migration.name)', 0);\n"
        }
        try database.server.psql(sql + Self.olderRows, database: database.name)
        let store = try PostgresStore(
            settings: PostgresConnectionSettings(
                host: database.server.host, port: database.server.port, username: database.server.user, database: database.name, tls: .disable
            )
        )
        // Every later migration is applied too, in order.
        let applied = try await store.applyMigrations(dryRun: false).pending.map(\.version)
        #expect(applied == PostgresSchema.migrations.map(\.version).filter { $0 >= 5 })
        try await Self.expectMigrated(store)
        // The claim function of migration 5 still hands the old job out.
        #expect(try await store.claimNext(owner: "w1", leaseFor: .seconds(60))?.id == "review-42-7-aaa")
    }
}
