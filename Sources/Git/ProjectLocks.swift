import WardenCore

/// Serialises work on one project's bare repository, in arrival order.
///
/// Two jobs of the same project must not clone into the same directory or fetch over each other;
/// jobs of different projects run in parallel. Actor methods interleave at every `await`, so the
/// lock is explicit: a waiter is resumed by the holder's release, which hands the lock over.
struct ProjectLocks: Sendable {
    private var held: Set<ProjectID> = []
    private var waiting: [ProjectID: [CheckedContinuation<Void, Never>]] = [:]

    /// Takes the lock now when it is free; otherwise returns `false` and the caller waits.
    mutating func tryAcquire(_ project: ProjectID) -> Bool {
        held.insert(project).inserted
    }

    /// Queues a waiter; it is resumed holding the lock.
    mutating func enqueue(_ project: ProjectID, _ continuation: CheckedContinuation<Void, Never>) {
        waiting[project, default: []].append(continuation)
    }

    /// Releases the lock: hands it to the next waiter, or frees it.
    mutating func release(_ project: ProjectID) {
        if var queue = waiting[project], !queue.isEmpty {
            let next = queue.removeFirst()
            waiting[project] = queue.isEmpty ? nil : queue
            next.resume()
        } else {
            held.remove(project)
        }
    }
}
