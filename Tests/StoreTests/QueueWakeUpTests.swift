import Testing

@testable import Store

/// Each wait below would last an hour if the wake-up failed; the suite's time limit turns that into a failure.
@Suite("Queue wake-up", .timeLimit(.minutes(1)))
struct QueueWakeUpTests {
    @Test("a notify during the wait ends it, for every waiter")
    func wakesEveryWaiter() async throws {
        let wakeUp = QueueWakeUp()
        let seen = wakeUp.generation
        let (started, startedSink) = AsyncStream<Void>.makeStream()
        let waiters = Task {
            await withTaskGroup(of: Void.self) { group in
                for _ in 0..<3 {
                    group.addTask {
                        startedSink.yield()
                        await wakeUp.wait(after: seen, atMost: .seconds(3600))
                    }
                }
            }
        }
        var count = 0
        for await _ in started {
            count += 1
            if count == 3 { break }
        }
        // The waiters may or may not have registered yet: either way, the notification ends their wait.
        wakeUp.notify()
        await waiters.value
        #expect(wakeUp.generation == seen + 1)
    }

    @Test("a notify between reading the generation and waiting is not lost")
    func notifyBeforeWait() async {
        let wakeUp = QueueWakeUp()
        let seen = wakeUp.generation
        wakeUp.notify()
        await wakeUp.wait(after: seen, atMost: .seconds(3600))
    }

    @Test("without a notify, the wait ends at its timeout")
    func timesOut() async {
        let wakeUp = QueueWakeUp()
        await wakeUp.wait(after: wakeUp.generation, atMost: .milliseconds(20))
        #expect(wakeUp.generation == 0)
    }

    @Test("cancelling the waiting task ends the wait")
    func cancellation() async {
        let wakeUp = QueueWakeUp()
        let waiter = Task { await wakeUp.wait(after: wakeUp.generation, atMost: .seconds(3600)) }
        waiter.cancel()
        await waiter.value
    }
}
