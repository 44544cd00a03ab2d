public import Store

/// Named locks, so two turns on one Codex thread (or two first answers in one discussion) never run at once.
///
/// A Codex thread is a transcript on disk; two `codex exec resume` runs on it at the same time would interleave
/// their turns. Waiters are served first come, first served; a cancelled waiter leaves the line without the lock.
/// With seat leases (``init(across:)``) the lock also holds across every replica sharing the store: after the
/// process's own lock, the holder takes the one seat of the lease pool named like the lock.
public actor ThreadLocks {
    private nonisolated let leases: LeasedSeats?
    private var held: Set<String> = []
    private var waiters: [String: [(id: UInt64, continuation: CheckedContinuation<Void, any Error>)]] = [:]
    private var nextWaiterID: UInt64 = 0

    /// Creates an empty set of locks.
    ///
    /// - Parameter leases: the store's seat leases, when turns must not overlap across replicas either; `nil` for
    ///   one process (`warden review`, tests of one worker).
    public init(across leases: LeasedSeats? = nil) {
        self.leases = leases
    }

    /// Runs `body` while holding the lock named `key`, waiting for it first.
    ///
    /// - Throws: `CancellationError` when cancelled while waiting; whatever `body` throws.
    public nonisolated func withLock<Value: Sendable>(_ key: String, _ body: @escaping @Sendable () async throws -> Value) async throws -> Value {
        try await acquire(key)
        do {
            let value: Value
            if let leases {
                value = try await leases.withLease(pool: key, seats: 1, body)
            } else {
                value = try await body()
            }
            await release(key)
            return value
        } catch {
            await release(key)
            throw error
        }
    }

    private func acquire(_ key: String) async throws {
        try Task.checkCancellation()
        if !held.contains(key) {
            held.insert(key)
            return
        }
        let id = nextWaiterID
        nextWaiterID += 1
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                waiters[key, default: []].append((id, continuation))
            }
        } onCancel: {
            Task { await self.cancelWaiter(id, key: key) }
        }
    }

    private func release(_ key: String) {
        if var line = waiters[key], !line.isEmpty {
            let next = line.removeFirst()
            waiters[key] = line.isEmpty ? nil : line
            next.continuation.resume()
        } else {
            held.remove(key)
        }
    }

    private func cancelWaiter(_ id: UInt64, key: String) {
        guard let index = waiters[key]?.firstIndex(where: { $0.id == id }), let waiter = waiters[key]?.remove(at: index) else { return }
        if waiters[key]?.isEmpty == true { waiters[key] = nil }
        waiter.continuation.resume(throwing: CancellationError())
    }
}
