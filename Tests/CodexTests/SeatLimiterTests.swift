import Testing

@testable import Codex

@Suite("SeatLimiter")
struct SeatLimiterTests {
    actor Recorder {
        private(set) var order: [Int] = []
        private(set) var running = 0
        private(set) var maximumRunning = 0

        func enter(_ index: Int) {
            order.append(index)
            running += 1
            maximumRunning = max(maximumRunning, running)
        }

        func leave() { running -= 1 }
    }

    /// Waits until `count` tasks are queued; only a guard against hangs bounds it.
    static func waitForQueue(_ limiter: SeatLimiter, count: Int) async throws {
        for _ in 0..<5000 where await limiter.waiting < count {
            try await Task.sleep(for: .milliseconds(1))
        }
        #expect(await limiter.waiting == count)
    }

    @Test("serves waiters first come, first served, one at a time", arguments: [1, 2])
    func fifo(seats: Int) async throws {
        let limiter = SeatLimiter(seats: seats)
        let recorder = Recorder()
        for _ in 0..<seats { try await limiter.acquire() }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<5 {
                group.addTask {
                    try await limiter.withSeat {
                        await recorder.enter(index)
                        try await Task.sleep(for: .milliseconds(5))
                        await recorder.leave()
                    }
                }
                try await Self.waitForQueue(limiter, count: index + 1)
            }
            for _ in 0..<seats { await limiter.release() }
            try await group.waitForAll()
        }
        #expect(await recorder.order == [0, 1, 2, 3, 4])
        #expect(await recorder.maximumRunning <= seats)
    }

    @Test("lets a cancelled waiter leave the line without losing a seat")
    func cancellation() async throws {
        let limiter = SeatLimiter()
        try await limiter.acquire()
        let waiter = Task { try await limiter.acquire() }
        try await Self.waitForQueue(limiter, count: 1)
        waiter.cancel()
        await #expect(throws: CancellationError.self) { try await waiter.value }
        #expect(await limiter.waiting == 0)
        await limiter.release()
        try await limiter.acquire()
        await limiter.release()
    }

    @Test("refuses a seat to an already cancelled task")
    func alreadyCancelled() async {
        let limiter = SeatLimiter()
        let task = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return try await limiter.withSeat { 1 }
        }
        await #expect(throws: CancellationError.self) { try await task.value }
        #expect(await limiter.waiting == 0)
    }
}
