import Synchronization

/// Wakes the idle workers of this process when a job is enqueued here, so a webhook's job starts at
/// once instead of at the workers' next poll.
///
/// Workers still poll: jobs enqueued by another replica, retries whose backoff ends and a queue
/// resumed from the command line have no signal. A worker reads ``generation`` before it looks at
/// the queue and waits with ``wait(after:atMost:)``; an enqueue in between ends the wait at once, so
/// no signal is lost.
public final class QueueWakeUp: Sendable {
    private struct State {
        var generation: UInt64 = 0
        var nextWaiter = 0
        var waiters: [Int: CheckedContinuation<Void, Never>] = [:]
        var cancelled: Set<Int> = []
    }

    private let state = Mutex(State())

    /// Creates a signal nobody waits on yet.
    public init() {}

    /// How many times ``notify()`` has been called.
    public var generation: UInt64 { state.withLock { $0.generation } }

    /// Ends every wait in progress (and any wait that starts for an earlier generation).
    public func notify() {
        let waiters = state.withLock { state in
            state.generation += 1
            // A wait cancelled before it registered resumes at once anyway now that the generation moved.
            state.cancelled = []
            defer { state.waiters = [:] }
            return Array(state.waiters.values)
        }
        for waiter in waiters { waiter.resume() }
    }

    /// Waits until ``notify()`` is called after `generation` was read, `timeout` passes, or the task is
    /// cancelled, whichever comes first.
    ///
    /// - Parameters:
    ///   - generation: ``generation`` as read before the caller found the queue empty.
    ///   - timeout: the longest wait (the caller's poll interval).
    public func wait(after generation: UInt64, atMost timeout: Duration) async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { try? await Task.sleep(for: timeout) }
            group.addTask { await self.notified(after: generation) }
            await group.next()
            group.cancelAll()
        }
    }

    /// Returns once a notification later than `generation` arrives, or when cancelled.
    private func notified(after generation: UInt64) async {
        let id = state.withLock { state in
            defer { state.nextWaiter += 1 }
            return state.nextWaiter
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let resumeNow = state.withLock { state in
                    if state.generation != generation || state.cancelled.remove(id) != nil { return true }
                    state.waiters[id] = continuation
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            let waiter = state.withLock { state in
                guard let waiter = state.waiters.removeValue(forKey: id) else {
                    state.cancelled.insert(id)
                    return nil as CheckedContinuation<Void, Never>?
                }
                return waiter
            }
            waiter?.resume()
        }
    }
}
