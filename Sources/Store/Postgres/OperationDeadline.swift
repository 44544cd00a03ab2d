import Synchronization

/// Races an operation against its deadline without waiting for the operation to notice that it lost.
///
/// A task group would wait for every child, and a PostgresNIO request queued for a connection to an unreachable
/// server does not end on cancellation before the pool gives up on the server (up to a minute): a webhook held that
/// long is a timeout at GitLab instead of a prompt 503. So the operation runs in a task of its own; at the deadline
/// the caller gets the timeout error at once and the operation is cancelled and left to end by itself (its result is
/// dropped; every store write is idempotent, so a late commit is a duplicate the next delivery finds).
enum OperationDeadline {
    /// Runs `body`, returning its result or throwing `timeoutError()` after `timeout`, whichever comes first; the
    /// caller's cancellation throws `CancellationError` at once and cancels `body`.
    static func run<T: Sendable>(
        within timeout: Duration,
        timeoutError: @escaping @Sendable () -> any Error,
        _ body: @escaping @Sendable () async throws -> T
    ) async throws -> T {
        let race = Race<T>()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                race.wait(continuation)
                let work = Task {
                    do {
                        race.settle(.success(try await body()))
                    } catch {
                        race.settle(.failure(error))
                    }
                }
                let timer = Task {
                    try? await Task.sleep(for: timeout)
                    if !Task.isCancelled { race.settle(.failure(timeoutError())) }
                }
                race.onSettle { work.cancel(); timer.cancel() }
            }
        } onCancel: {
            race.settle(.failure(CancellationError()))
        }
    }
}

/// The one-time meeting point of an operation, its timer and the caller's cancellation: the first to settle resumes
/// the caller; the rest are ignored.
private final class Race<T: Sendable>: Sendable {
    private struct State {
        var continuation: CheckedContinuation<T, any Error>?
        var outcome: Result<T, any Error>?
        var resumed = false
        var cleanup: (@Sendable () -> Void)?
    }

    private let state = Mutex(State())

    /// Hands over the caller's continuation; resumes it at once when the race was settled before (a cancellation).
    func wait(_ continuation: CheckedContinuation<T, any Error>) {
        let early: Result<T, any Error>? = state.withLock { state in
            guard let outcome = state.outcome else {
                state.continuation = continuation
                return nil
            }
            state.resumed = true
            return outcome
        }
        if let early { continuation.resume(with: early) }
    }

    /// Registers what to do once settled (cancel the loser); runs it at once when already settled.
    func onSettle(_ cleanup: @escaping @Sendable () -> Void) {
        let settled = state.withLock { state in
            if state.outcome != nil { return true }
            state.cleanup = cleanup
            return false
        }
        if settled { cleanup() }
    }

    /// Settles the race with `outcome` unless it is settled already.
    func settle(_ outcome: Result<T, any Error>) {
        let (continuation, cleanup): (CheckedContinuation<T, any Error>?, (@Sendable () -> Void)?) = state.withLock { state in
            guard state.outcome == nil else { return (nil, nil) }
            state.outcome = outcome
            let cleanup = state.cleanup
            state.cleanup = nil
            guard let continuation = state.continuation, !state.resumed else { return (nil, cleanup) }
            state.resumed = true
            state.continuation = nil
            return (continuation, cleanup)
        }
        continuation?.resume(with: outcome)
        cleanup?()
    }
}
