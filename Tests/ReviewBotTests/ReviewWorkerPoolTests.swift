import Forge
import Logging
import ServiceLifecycle
import Synchronization
import Testing

@testable import ReviewBot

/// The pool that starts `serve`'s workers: which failures it waits out, and which stop `serve`.
@Suite("ReviewWorkerPool")
struct ReviewWorkerPoolTests {
    @Test(
        "retries when GitLab could not be reached, answered 5xx or 429; not when it refused the token or the call",
        arguments: [
            (ForgeError.transport(operation: "GET /user", reason: "connection refused"), true),
            (ForgeError.server(operation: "GET /user", status: 502, attempts: 5), true),
            (ForgeError.rateLimited(operation: "GET /user", attempts: 5), true),
            (ForgeError.authentication(operation: "GET /user", status: 401, message: "401 Unauthorized"), false),
            (ForgeError.forbidden(operation: "GET /user", message: "403 Forbidden"), false),
            (ForgeError.decoding(operation: "GET /user", reason: "not JSON"), false),
        ]
    )
    func retryDecision(_ error: ForgeError, retries: Bool) {
        #expect(ReviewWorkerPool.shouldRetry(error) == retries)
    }

    @Test("a start that fails with a retryable error is tried again until it succeeds, and its workers then run")
    func retriesThenRuns() async throws {
        let attempts = Atomic<Int>(0)
        let ran = Atomic<Int>(0)
        struct Worker: Service {
            let ran: @Sendable () -> Void
            func run() async throws { ran() }
        }
        let pool = ReviewWorkerPool(initialDelay: .milliseconds(5), maximumDelay: .milliseconds(10), logger: Logger(label: "test")) {
            if attempts.add(1, ordering: .relaxed).newValue < 3 { throw ForgeError.transport(operation: "GET /user", reason: "refused") }
            return [Worker { ran.add(1, ordering: .relaxed) }, Worker { ran.add(1, ordering: .relaxed) }]
        }
        try await pool.run()
        #expect(attempts.load(ordering: .relaxed) == 3)
        #expect(ran.load(ordering: .relaxed) == 2)
    }

    @Test("a start refused for good ends the pool with StartupRefusal at once")
    func refusal() async throws {
        let attempts = Atomic<Int>(0)
        let pool = ReviewWorkerPool(initialDelay: .milliseconds(5), logger: Logger(label: "test")) {
            attempts.add(1, ordering: .relaxed)
            throw ForgeError.authentication(operation: "GET /user", status: 401, message: "401 Unauthorized")
        }
        await #expect(throws: ReviewWorkerPool.StartupRefusal.self) { try await pool.run() }
        #expect(attempts.load(ordering: .relaxed) == 1)
    }
}
