import Foundation
import Store
import Testing
import WardenCore
import WardenTestSupport

/// PostgreSQL going away and coming back, on a server of the test's own.
@Suite("PostgreSQL outage", .timeLimit(.minutes(2)))
struct PostgresOutageTests {
    /// Repeats `operation` until it succeeds (the pool reconnects with backoff), for at most `timeout`.
    private static func eventually<T>(within timeout: Duration = .seconds(60), _ operation: () async throws -> T) async throws -> T {
        let deadline = ContinuousClock.now + timeout
        while true {
            do {
                return try await operation()
            } catch {
                if ContinuousClock.now > deadline { throw error }
                try await Task.sleep(for: .milliseconds(200))
            }
        }
    }

    @Test("while PostgreSQL is down operations fail within the timeout; once it is back nothing committed is lost and wake-ups resume")
    func restart() async throws {
        let server = try TestPostgresServer.startPrivate()
        defer { server.remove() }
        let database = try server.createDatabase()
        let settings = PostgresConnectionSettings(
            host: server.host, port: server.port, username: server.user, database: database.name, tls: .disable, operationTimeout: .seconds(2)
        )
        let receiver = try PostgresStore(settings: settings)
        let worker = try PostgresStore(settings: settings)
        #expect(try await receiver.enqueue(.review(projectID: 1, mergeRequestIID: 1, headSHA: "before"), idempotencyKey: "k-1") == .enqueued)
        let wakeUp = QueueWakeUp()
        let listener = Task { await worker.forwardWakeUps(to: wakeUp, retryDelay: .milliseconds(200)) }
        defer { listener.cancel() }
        while wakeUp.generation == 0 { try await Task.sleep(for: .milliseconds(10)) }

        try server.suspend()
        let error = await #expect(throws: StoreError.self) {
            try await receiver.enqueue(.review(projectID: 1, mergeRequestIID: 2, headSHA: "during"), idempotencyKey: "k-2")
        }
        #expect(error?.metricLabel == "database")
        await #expect(throws: StoreError.self) { try await worker.claimNext(owner: "w1", leaseFor: .seconds(60)) }

        try server.resume()
        // The sender of the refused delivery (GitLab after a 503) sends it again.
        let redelivered = try await Self.eventually {
            try await receiver.enqueue(.review(projectID: 1, mergeRequestIID: 2, headSHA: "during"), idempotencyKey: "k-2")
        }
        #expect(redelivered == .enqueued)
        #expect(try await receiver.enqueue(.review(projectID: 1, mergeRequestIID: 1, headSHA: "before"), idempotencyKey: "k-1") == .duplicate)
        let jobs = try await Self.eventually { try await worker.list(states: nil, limit: nil) }
        #expect(Set(jobs.map(\.id)) == ["review-1-1-before", "review-1-2-during"])

        // The listener connected again: a new enqueue wakes the worker without a poll.
        let seen = try await Self.eventually { () async throws -> UInt64 in
            let before = wakeUp.generation
            _ = try await receiver.enqueue(.review(projectID: 1, mergeRequestIID: 3, headSHA: "probe-\(before)"), idempotencyKey: nil)
            try await Task.sleep(for: .milliseconds(500))
            guard wakeUp.generation > before else { throw StoreError.busy(operation: "wait for the listener") }
            return wakeUp.generation
        }
        #expect(seen > 0)
        #expect(try await worker.claimNext(owner: "w1", leaseFor: .seconds(60))?.id == "review-1-1-before")
    }
}
