import Synchronization
import Testing

@testable import Store

/// The race of a store operation against its deadline.
@Suite("Operation deadline")
struct OperationDeadlineTests {
    private struct Expired: Error, Equatable {}

    /// A gate the test opens; until then, whoever waits on it waits, deaf to cancellation (like a request queued for a
    /// connection to an unreachable server).
    private final class Gate: Sendable {
        private let open = Atomic<Bool>(false)
        private let passed = Atomic<Bool>(false)
        /// Whether a waiter got through.
        var wasPassed: Bool { passed.load(ordering: .acquiring) }
        func release() { open.store(true, ordering: .releasing) }
        func wait() async {
            while !open.load(ordering: .acquiring) { try? await Task.sleep(for: .milliseconds(5)) }
            passed.store(true, ordering: .releasing)
        }
    }

    @Test("an operation that finishes in time returns its value; one that fails throws its own error")
    func inTime() async throws {
        #expect(try await OperationDeadline.run(within: .seconds(30), timeoutError: { Expired() }) { 42 } == 42)
        await #expect(throws: CancellationError.self) {
            try await OperationDeadline.run(within: .seconds(30), timeoutError: { Expired() }) { () async throws -> Int in throw CancellationError() }
        }
    }

    @Test("at the deadline the caller gets the timeout error although the operation ignores cancellation and still runs")
    func deadlineDoesNotWaitForTheOperation() async throws {
        let gate = Gate()
        await #expect(throws: Expired.self) {
            try await OperationDeadline.run(within: .milliseconds(50), timeoutError: { Expired() }) { () async throws -> Int in
                await gate.wait()
                return 1
            }
        }
        #expect(!gate.wasPassed)
        gate.release()
    }

    @Test("the caller's cancellation ends the wait at once, before the deadline and before the operation")
    func callerCancellation() async throws {
        let gate = Gate()
        let caller = Task {
            try await OperationDeadline.run(within: .seconds(600), timeoutError: { Expired() }) { () async throws -> Int in
                await gate.wait()
                return 1
            }
        }
        caller.cancel()
        await #expect(throws: CancellationError.self) { try await caller.value }
        #expect(!gate.wasPassed)
        gate.release()
    }
}
