import Synchronization

/// Coalesces concurrent requests into one write transaction (group commit), so durable writes do not queue up
/// behind one `fsync` each.
///
/// With `synchronous = FULL` every commit waits for the disk, a few milliseconds on ordinary storage, which caps one
/// transaction per request at a few hundred per second. Here the first caller becomes the leader and writes alone;
/// callers arriving meanwhile wait, and when the leader's commit is done one of them leads the next transaction with
/// all of them in it. Every caller still returns only after the transaction holding its request committed, and a
/// lone caller still gets a transaction of its own.
final class GroupCommitter<Request: Sendable, Response: Sendable>: Sendable {
    /// Runs one transaction for a batch and returns one response per request, in order.
    typealias Commit = @Sendable ([Request]) async throws -> [Response]

    private enum Signal {
        case finished(Result<Response, any Error>)
        case lead
    }

    private struct Waiter {
        var request: Request
        /// `nil` for the leader of the batch, which returns its own response.
        var continuation: CheckedContinuation<Signal, Never>?
    }

    private struct State {
        var waiting: [Waiter] = []
        var leaderActive = false
    }

    private let state = Mutex(State())
    private let commit: Commit

    /// Creates a committer around the function that writes one batch.
    init(commit: @escaping Commit) {
        self.commit = commit
    }

    /// Submits a request and returns its response once the transaction that held it committed.
    func submit(_ request: Request) async throws -> Response {
        let signal = await withCheckedContinuation { (continuation: CheckedContinuation<Signal, Never>) in
            let leads = state.withLock { state in
                if state.leaderActive {
                    state.waiting.append(Waiter(request: request, continuation: continuation))
                    return false
                }
                state.leaderActive = true
                state.waiting.append(Waiter(request: request, continuation: nil))
                return true
            }
            if leads { continuation.resume(returning: .lead) }
        }
        switch signal {
        case .finished(let result): return try result.get()
        case .lead: return try await lead()
        }
    }

    /// Writes everything waiting (the leader's own request first), hands leadership on, and wakes the batch.
    private func lead() async throws -> Response {
        let batch = state.withLock { state in
            defer { state.waiting.removeAll(keepingCapacity: true) }
            return state.waiting
        }
        let commit = self.commit
        let requests = batch.map(\.request)
        let outcome: Result<[Response], any Error>
        do {
            // An unstructured task, so a cancelled leader does not fail the other callers' writes.
            outcome = .success(try await Task { try await commit(requests) }.value)
        } catch {
            outcome = .failure(error)
        }
        let nextLeader = state.withLock { state -> CheckedContinuation<Signal, Never>? in
            guard !state.waiting.isEmpty else {
                state.leaderActive = false
                return nil
            }
            defer { state.waiting[0].continuation = nil }
            return state.waiting[0].continuation
        }
        nextLeader?.resume(returning: .lead)
        for (index, waiter) in batch.enumerated().dropFirst() {
            waiter.continuation?.resume(returning: .finished(outcome.map { $0[index] }))
        }
        return try outcome.get()[0]
    }
}
