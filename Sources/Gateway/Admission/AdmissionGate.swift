/// Bounds how many codex turns run at once: a request takes a slot, or waits in a bounded FIFO
/// queue for one until the queue timeout, then is refused with 429 and `Retry-After`.
///
/// A released slot is handed straight to the longest-waiting request, so a burst is served in
/// arrival order and a freed slot is never raced for.
public actor AdmissionGate {
    /// How many turns may run at once.
    public let limit: Int
    /// How many requests may wait at once; more are refused at once.
    public let maximumQueued: Int
    /// How long a request waits for a slot.
    public let queueTimeout: Duration
    private var running = 0
    private var nextWaiterID = 0
    private var waiters: [(id: Int, wakeUp: AsyncStream<Void>.Continuation)] = []

    /// Creates a gate.
    ///
    /// - Parameters:
    ///   - limit: concurrent turns, at least 1.
    ///   - maximumQueued: waiting requests, at least 0.
    ///   - queueTimeout: the longest wait for a slot.
    public init(limit: Int, maximumQueued: Int, queueTimeout: Duration) {
        self.limit = max(limit, 1)
        self.maximumQueued = max(maximumQueued, 0)
        self.queueTimeout = queueTimeout
    }

    /// Turns running now.
    public var active: Int { running }
    /// Requests waiting now.
    public var queued: Int { waiters.count }

    /// Waits for a slot; call ``release()`` exactly once after a successful return.
    ///
    /// - Throws: ``GatewayError/overloaded(retryAfterSeconds:)`` when the queue is full or the wait
    ///   times out; `CancellationError` when the caller is cancelled while waiting.
    public func admit() async throws {
        if running < limit {
            running += 1
            return
        }
        guard waiters.count < maximumQueued else { throw overloaded }
        let id = nextWaiterID
        nextWaiterID += 1
        let (wakeUps, wakeUp) = AsyncStream<Void>.makeStream()
        waiters.append((id, wakeUp))
        let timeout = queueTimeout
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                for await _ in wakeUps { return }
            }
            group.addTask {
                try? await Task.sleep(for: timeout)
            }
            await group.next()
            group.cancelAll()
        }
        // A slot handed over removes the waiter; one still listed timed out or was cancelled.
        if let index = waiters.firstIndex(where: { $0.id == id }) {
            waiters.remove(at: index)
            try Task.checkCancellation()
            throw overloaded
        }
        if Task.isCancelled {
            release()
            throw CancellationError()
        }
    }

    /// Gives a slot back, to the longest-waiting request if there is one.
    public func release() {
        if waiters.isEmpty {
            running = max(running - 1, 0)
        } else {
            let next = waiters.removeFirst()
            next.wakeUp.yield()
            next.wakeUp.finish()
        }
    }

    /// Takes every slot when no turn runs and no request waits, so that nothing is admitted until
    /// ``reopen()``: for work that needs the worker idle (recycling it).
    ///
    /// - Returns: whether the gate was idle and is now closed.
    public func closeIfIdle() -> Bool {
        guard running == 0, waiters.isEmpty else { return false }
        running = limit
        return true
    }

    /// Gives back the slots ``closeIfIdle()`` took, to waiting requests first.
    public func reopen() {
        for _ in 0..<limit { release() }
    }

    private var overloaded: GatewayError {
        .overloaded(retryAfterSeconds: max(1, Int(queueTimeout.components.seconds)))
    }
}
