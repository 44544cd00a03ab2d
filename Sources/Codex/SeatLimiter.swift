/// Limits how many Codex runs use one seat (one account, one `CODEX_HOME`) at a time.
///
/// Waiters are served strictly first come, first served; a waiter whose task is cancelled leaves
/// the queue at once (with `CancellationError`) without taking or losing a seat.
public actor SeatLimiter {
    /// How many runs may hold a seat at once.
    public nonisolated let seats: Int
    private var available: Int
    private var waiters: [(id: UInt64, continuation: CheckedContinuation<Void, any Error>)] = []
    private var nextWaiterID: UInt64 = 0

    /// Creates a limiter.
    ///
    /// - Parameter seats: concurrent runs allowed; at least 1 (the default).
    public init(seats: Int = 1) {
        self.seats = max(1, seats)
        self.available = max(1, seats)
    }

    /// How many runs are waiting for a seat.
    public var waiting: Int { waiters.count }

    /// Runs `body` while holding a seat, waiting in line for one first.
    ///
    /// - Parameter body: the work, e.g. one Codex run.
    /// - Returns: what `body` returns.
    /// - Throws: `CancellationError` when cancelled while waiting; whatever `body` throws.
    public nonisolated func withSeat<Value: Sendable>(_ body: @Sendable () async throws -> Value) async throws -> Value {
        try await acquire()
        do {
            let value = try await body()
            await release()
            return value
        } catch {
            await release()
            throw error
        }
    }

    /// Takes a seat, waiting in line when none is free. Pair every successful call with ``release()``.
    ///
    /// - Throws: `CancellationError` when the task is cancelled before it gets a seat.
    public func acquire() async throws {
        try Task.checkCancellation()
        if available > 0 && waiters.isEmpty {
            available -= 1
            return
        }
        let id = nextWaiterID
        nextWaiterID += 1
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                // Both this and `cancelWaiter` run on the actor: either the cancellation is already
                // visible here, or the waiter is queued before `cancelWaiter` looks for it.
                if Task.isCancelled {
                    continuation.resume(throwing: CancellationError())
                } else {
                    waiters.append((id, continuation))
                }
            }
        } onCancel: {
            Task { await self.cancelWaiter(id) }
        }
    }

    /// Gives a seat back; the first waiter in line gets it.
    public func release() {
        if waiters.isEmpty {
            available = min(seats, available + 1)
        } else {
            waiters.removeFirst().continuation.resume()
        }
    }

    private func cancelWaiter(_ id: UInt64) {
        guard let index = waiters.firstIndex(where: { $0.id == id }) else { return }
        waiters.remove(at: index).continuation.resume(throwing: CancellationError())
    }
}
