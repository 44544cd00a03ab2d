import ReviewBot
import Store
import Testing
import WardenTestSupport

@Suite("ThreadLocks")
struct ThreadLocksTests {
    /// Records how many bodies run at once per key.
    actor Overlap {
        var running: [String: Int] = [:]
        var most: [String: Int] = [:]
        func enter(_ key: String) {
            running[key, default: 0] += 1
            most[key] = max(most[key] ?? 0, running[key] ?? 0)
        }
        func leave(_ key: String) { running[key, default: 0] -= 1 }
    }

    @Test("turns on one key never overlap, while another key runs beside them")
    func serialisesPerKey() async throws {
        let locks = ThreadLocks()
        let overlap = Overlap()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<12 {
                let key = index.isMultiple(of: 2) ? "thread:a" : "thread:b"
                group.addTask {
                    try await locks.withLock(key) {
                        await overlap.enter(key)
                        try await Task.sleep(for: .milliseconds(5))
                        await overlap.leave(key)
                    }
                }
            }
            try await group.waitForAll()
        }
        #expect(await overlap.most == ["thread:a": 1, "thread:b": 1])
    }

    @Test("a waiter cancelled in line leaves without the lock, and the lock stays usable")
    func cancelledWaiter() async throws {
        let locks = ThreadLocks()
        let (entered, signal) = AsyncStream.makeStream(of: Void.self)
        let (released, release) = AsyncStream.makeStream(of: Void.self)
        // The holder keeps the lock until the test releases it, so the waiter can only leave by cancellation.
        let holder = Task {
            try await locks.withLock("k") {
                signal.yield()
                var iterator = released.makeAsyncIterator()
                _ = await iterator.next()
            }
        }
        var iterator = entered.makeAsyncIterator()
        _ = await iterator.next()
        let waiter = Task { try await locks.withLock("k") { 1 } }
        try await Task.sleep(for: .milliseconds(20))
        waiter.cancel()
        await #expect(throws: CancellationError.self) { try await waiter.value }
        release.yield()
        try await holder.value
        #expect(try await locks.withLock("k") { 2 } == 2)
    }

    @Test("across replicas: two processes' locks on one store never run one key at once, while another key runs beside it")
    func serialisesAcrossReplicas() async throws {
        let data = try TestDataDirectory()
        defer { data.remove() }
        let replicas = try (0..<2).map { replica in
            ThreadLocks(
                across: LeasedSeats(
                    store: try SQLiteStore.open(dataDirectory: data.path), seats: 1, lease: .milliseconds(600), holder: "replica-\(replica)"
                )
            )
        }
        let overlap = Overlap()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<12 {
                let locks = replicas[index % replicas.count]
                let key = index % 4 < 2 ? "thread:a" : "thread:b"
                group.addTask {
                    try await locks.withLock(key) {
                        await overlap.enter(key)
                        try await Task.sleep(for: .milliseconds(20))
                        await overlap.leave(key)
                    }
                }
            }
            try await group.waitForAll()
        }
        #expect(await overlap.most == ["thread:a": 1, "thread:b": 1])
    }
}
