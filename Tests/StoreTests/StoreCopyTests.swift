import Foundation
import Store
import Testing
import WardenCore
import WardenTestSupport

/// `warden store copy` between a real SQLite file and a real PostgreSQL database, in both directions.
@Suite("Store copy", .timeLimit(.minutes(2)))
struct StoreCopyTests {
    /// Fills a store with one row of every kind (two Codex runs) and jobs in several states.
    private static func fill(_ store: some JobQueue & ReviewStore & ThreadStore & RemediationStore & UsageStore, clock: TestClock) async throws {
        let position = NotePosition(oldPath: "a.swift", newPath: "b.swift", oldLine: 3, newLine: 4)
        _ = try await store.enqueue(.note(projectID: 42, mergeRequestIID: 7, noteID: 901, discussionID: "d-1", position: position), idempotencyKey: "k-1")
        _ = try await store.enqueue(.review(projectID: 42, mergeRequestIID: 8, headSHA: "aaa"), idempotencyKey: nil)
        _ = try await store.enqueue(.review(projectID: 42, mergeRequestIID: 9, headSHA: "bbb"), idempotencyKey: nil)
        _ = try await store.enqueue(
            .githubReview(repositoryID: 42, repository: "acme/widgets", installationID: 3, number: 8, headSHA: "aaa"),
            idempotencyKey: nil
        )
        let running = try #require(try await store.claimNext(owner: "w1", leaseFor: .seconds(60)))
        let failing = try #require(try await store.claimNext(owner: "w1", leaseFor: .seconds(60)))
        _ = try await store.fail(id: failing.id, owner: "w1", error: "forge said 502")
        clock.advance(by: .seconds(1))
        try await store.pause(reason: "rotating the token")
        try await store.record(
            ReviewRecord(
                projectID: 42, mergeRequestIID: 8, headSHA: "aaa", state: .posted, statusNoteID: 5, codexThreadID: "t-1",
                inputTokens: 10, cachedInputTokens: 2, outputTokens: 3, reasoningTokens: 1, findings: 2, createdAt: clock.now, updatedAt: clock.now
            )
        )
        try await store.record(ReviewRecord(forge: .github, projectID: 42, mergeRequestIID: 8, headSHA: "aaa", state: .running, statusNoteID: 6))
        try await store.record(discussionID: "d-1", codexThreadID: "t-1", projectID: 42, mergeRequestIID: 8)
        try await store.recordRemediation(
            RemediationRecord(
                projectID: 42, day: "2027-01-15", findingID: "f-1", outcome: "opened", mergeRequestIID: 11, inputTokens: 5, outputTokens: 6,
                createdAt: clock.now
            )
        )
        try await store.recordRemediation(
            RemediationRecord(forge: .github, projectID: 42, day: "2027-01-15", findingID: "f-1", outcome: "tests_failed", createdAt: clock.now)
        )
        try await store.record(
            CodexRun(
                system: .review, projectID: 42, reference: "!8", threadID: "t-1", model: "gpt-5.5",
                tokens: RunTokens(input: 10, cachedInput: 2, output: 3, reasoning: 1), durationSeconds: 12.5, outcome: CodexRun.completed,
                finishedAt: clock.now
            )
        )
        try await store.record(
            CodexRun(system: .gateway, model: "gpt-5.5", tokens: .zero, durationSeconds: 0.75, outcome: "client_closed", finishedAt: clock.now)
        )
        #expect(running.state == .running)
    }

    private static func configuration(_ clock: TestClock) -> QueueConfiguration {
        QueueConfiguration(now: { clock.now })
    }

    @Test("a copy from SQLite to PostgreSQL holds the same rows, copying again adds nothing, and back to SQLite too")
    func roundTrip() async throws {
        let clock = TestClock()
        let directory = try TestDataDirectory()
        defer { directory.remove() }
        let database = try TestPostgresServer.start().createDatabase()
        defer { database.remove() }
        let sqlite = try SQLiteStore.open(dataDirectory: directory.path, configuration: Self.configuration(clock))
        let postgres = try PostgresStore(
            settings: PostgresConnectionSettings(
                host: database.server.host, port: database.server.port, username: database.server.user, database: database.name, tls: .disable
            ),
            configuration: Self.configuration(clock)
        )
        try await Self.fill(sqlite, clock: clock)
        let original = try await sqlite.snapshot().sorted
        #expect(original.jobs.map(\.state).sorted { $0.rawValue < $1.rawValue } == [.failed, .pending, .pending, .running])
        #expect(original.rowCount == 13)
        #expect(original.jobs.contains { $0.forge == .github && $0.repository == "acme/widgets" && $0.installationID == 3 })
        #expect(Set(original.reviews.map(\.forge)) == [.gitlab, .github])
        #expect(Set(original.remediations.map(\.forge)) == [.gitlab, .github], "one finding of one id on both forges: two records")

        let first = try await StoreCopier.copy(from: sqlite, to: postgres, merge: false)
        #expect(first.read == 13 && first.written == 13)
        #expect(try await postgres.snapshot().sorted == original)

        let again = try await StoreCopier.copy(from: sqlite, to: postgres, merge: true)
        #expect(again.read == 13 && again.written == 0)
        let refused = await #expect(throws: StoreError.self) { try await StoreCopier.copy(from: sqlite, to: postgres, merge: false) }
        #expect(refused?.description.contains("already holds 13 rows; pass --merge") == true)

        let backDirectory = try TestDataDirectory()
        defer { backDirectory.remove() }
        let back = try SQLiteStore.open(dataDirectory: backDirectory.path, configuration: Self.configuration(clock))
        #expect(try await StoreCopier.copy(from: postgres, to: back, merge: false).written == 13)
        #expect(try await back.snapshot().sorted == original)
        // The copy is a working queue: the paused state came along, and the failed job is claimed after its backoff.
        #expect(try await postgres.claimNext(owner: "w2", leaseFor: .seconds(60)) == nil)
        try await postgres.resume()
        clock.advance(by: .seconds(3600))
        #expect(try await postgres.claimNext(owner: "w2", leaseFor: .seconds(60)) != nil)
    }
}
