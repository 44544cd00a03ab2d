import Foundation
import Store
import Testing
import WardenCore
import WardenTestSupport

/// Wake-ups across replicas: `NOTIFY` on one store instance ends the wait of a worker on another.
@Suite("PostgreSQL wake-ups", .timeLimit(.minutes(1)))
struct PostgresWakeUpTests {
    @Test("an enqueue on one store wakes a worker waiting on another store of the same database")
    func enqueueWakesOtherReplica() async throws {
        let database = try TestPostgresServer.start().createDatabase()
        defer { database.remove() }
        let settings = PostgresConnectionSettings(
            host: database.server.host, port: database.server.port, username: database.server.user, database: database.name, tls: .disable
        )
        let receiver = try PostgresStore(settings: settings)
        let worker = try PostgresStore(settings: settings)
        try await worker.migrate()
        let wakeUp = QueueWakeUp()
        let listener = Task { await worker.forwardWakeUps(to: wakeUp) }
        defer { listener.cancel() }
        // The listener notifies once when it starts listening: from then on no enqueue is missed.
        while wakeUp.generation == 0 { try await Task.sleep(for: .milliseconds(10)) }

        let seen = wakeUp.generation
        #expect(try await worker.claimNext(owner: "w1", leaseFor: .seconds(60)) == nil)
        let started = ContinuousClock.now
        async let enqueued = receiver.enqueue(.review(projectID: 1, mergeRequestIID: 2, headSHA: "abc"), idempotencyKey: nil)
        // The poll interval is an hour: only the notification can end this wait within the suite's time limit.
        await wakeUp.wait(after: seen, atMost: .seconds(3600))
        let waited = ContinuousClock.now - started
        #expect(try await enqueued == .enqueued)
        #expect(wakeUp.generation > seen)
        #expect(waited < .seconds(30))
        #expect(try await worker.claimNext(owner: "w1", leaseFor: .seconds(60))?.id == "review-1-2-abc")
    }
}
