import Foundation
import Store
import Synchronization

/// A queue whose first `failures` lease renewals fail as an unreachable store's do (PostgreSQL restarting), and which
/// otherwise passes everything to the real queue.
final class FlakyRenewalQueue: JobQueue {
    private let base: any JobQueue
    private let remainingFailures: Mutex<Int>
    private let renewals = Mutex<[Bool]>([])

    init(_ base: any JobQueue, failures: Int) {
        self.base = base
        remainingFailures = Mutex(failures)
    }

    /// Every renewal so far: `true` for one that reached the store.
    var renewalOutcomes: [Bool] { renewals.withLock { $0 } }

    func renewLease(id: String, owner: String, leaseFor: Duration) async throws {
        let fail = remainingFailures.withLock { remaining in
            guard remaining > 0 else { return false }
            remaining -= 1
            return true
        }
        renewals.withLock { $0.append(!fail) }
        if fail { throw StoreError.database(operation: "renew a lease", reason: "PostgreSQL did not answer within 8.0 seconds") }
        try await base.renewLease(id: id, owner: owner, leaseFor: leaseFor)
    }

    func enqueue(_ job: NewJob, idempotencyKey: String?) async throws -> EnqueueOutcome { try await base.enqueue(job, idempotencyKey: idempotencyKey) }
    func claimNext(owner: String, leaseFor: Duration) async throws -> JobRecord? { try await base.claimNext(owner: owner, leaseFor: leaseFor) }
    func complete(id: String, owner: String) async throws { try await base.complete(id: id, owner: owner) }
    func fail(id: String, owner: String, error: String, retryable: Bool) async throws -> JobState {
        try await base.fail(id: id, owner: owner, error: error, retryable: retryable)
    }
    func release(id: String, owner: String, runAfter: Date, reason: String) async throws {
        try await base.release(id: id, owner: owner, runAfter: runAfter, reason: reason)
    }
    func retry(id: String) async throws { try await base.retry(id: id) }
    func list(states: Set<JobState>?, limit: Int?) async throws -> [JobRecord] { try await base.list(states: states, limit: limit) }
    func counts() async throws -> [JobState: Int] { try await base.counts() }
    func pause(reason: String) async throws { try await base.pause(reason: reason) }
    func resume() async throws { try await base.resume() }
    func pauseState() async throws -> PauseState? { try await base.pauseState() }
}
