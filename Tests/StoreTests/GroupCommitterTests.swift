import Synchronization
import Testing

@testable import Store

@Suite("Group commit")
struct GroupCommitterTests {
    private struct CommitFailed: Error {}

    @Test("concurrent submissions each get their own response and every request is committed exactly once")
    func everyRequestOnce() async throws {
        let committed = Mutex<[Int]>([])
        let committer = GroupCommitter<Int, Int> { requests in
            committed.withLock { $0 += requests }
            return requests.map { $0 * 10 }
        }
        let responses = try await withThrowingTaskGroup(of: (Int, Int).self) { group in
            for request in 0..<200 {
                group.addTask { (request, try await committer.submit(request)) }
            }
            return try await group.reduce(into: [(Int, Int)]()) { $0.append($1) }
        }
        #expect(responses.allSatisfy { $0.1 == $0.0 * 10 })
        #expect(committed.withLock { $0.sorted() } == Array(0..<200))
    }

    @Test("a failed commit fails the callers in its batch and the next submission commits again")
    func failureIsPerBatch() async throws {
        let failNext = Mutex(true)
        let committer = GroupCommitter<Int, Int> { requests in
            if failNext.withLock({ flag in
                defer { flag = false }
                return flag
            }) {
                throw CommitFailed()
            }
            return requests
        }
        await #expect(throws: CommitFailed.self) { try await committer.submit(1) }
        #expect(try await committer.submit(2) == 2)
    }

    @Test("cancelling the caller that leads a batch does not cancel the write")
    func leaderCancellation() async throws {
        let (started, startedContinuation) = AsyncStream.makeStream(of: Void.self)
        let (gate, gateContinuation) = AsyncStream.makeStream(of: Void.self)
        let sawCancellation = Mutex<Bool?>(nil)
        let committer = GroupCommitter<Int, Int> { requests in
            startedContinuation.yield()
            for await _ in gate { break }
            sawCancellation.withLock { $0 = Task.isCancelled }
            return requests
        }
        let leader = Task { try await committer.submit(7) }
        for await _ in started { break }
        leader.cancel()
        gateContinuation.yield()
        #expect(try await leader.value == 7)
        #expect(sawCancellation.withLock { $0 } == false)
    }
}
