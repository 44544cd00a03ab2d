import Codex
import Foundation
import Logging
import Synchronization
import Testing

@testable import Gateway

@Suite("Spare threads")
struct SpareThreadsTests {
    /// What an in-memory worker was asked for.
    final class Requests: Sendable {
        let started = Mutex<[String]>([])
        let unsubscribed = Mutex<[String]>([])
    }

    /// An in-memory worker: answers `thread/start` with a new thread id each time and
    /// `thread/unsubscribe` with `unsubscribed`, and records both.
    final class Worker: Sendable {
        let connection: AppServerConnection
        private let requests = Requests()
        private let serving: Task<Void, Never>

        init() {
            let (outbox, continuation) = AsyncStream<[UInt8]>.makeStream()
            let connection = AppServerConnection(outbox: continuation, logger: Logger(label: "test"))
            let requests = self.requests
            self.connection = connection
            serving = Task {
                for await line in outbox {
                    guard case .request(let id, let method, let params)? = try? JSONRPCMessage.decode(line: line.dropLast()) else { continue }
                    let result: JSONValue
                    switch method {
                    case "thread/start":
                        let thread = requests.started.withLock { threads in
                            threads.append(String(format: "01a200ea-49cf-7000-8000-%012d", threads.count + 1))
                            return threads[threads.count - 1]
                        }
                        result = .object(["thread": .object(["id": .string(thread)])])
                    case "thread/unsubscribe":
                        requests.unsubscribed.withLock { $0.append(params?["threadId"]?.stringValue ?? "") }
                        result = .object(["status": .string("unsubscribed")])
                    default:
                        result = .object([:])
                    }
                    await connection.receive(line: JSONRPCMessage.response(id: id, result: result).encodedLine().dropLast())
                }
            }
        }

        deinit { serving.cancel() }

        /// Threads started so far, in order.
        var startedThreads: [String] { requests.started.withLock { $0 } }

        /// The threads unsubscribed, once there are `count` of them (waiting up to a few seconds).
        func unsubscribedThreads(count: Int) async throws -> [String] {
            let deadline = ContinuousClock.now + .seconds(5)
            while requests.unsubscribed.withLock({ $0.count }) < count, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(5))
            }
            return requests.unsubscribed.withLock { $0 }
        }
    }

    static let brief = AppServerThreadOptions(model: "gpt-5.5", developerInstructions: "Be brief.", ephemeral: true)
    static let thorough = AppServerThreadOptions(model: "gpt-5.5", developerInstructions: "Be thorough.", ephemeral: true)

    static func spares(capacity: Int = 4, maximumAge: Duration = .seconds(300)) -> SpareThreads {
        SpareThreads(capacity: capacity, maximumAge: maximumAge, logger: Logger(label: "test"))
    }

    @Test("a new shape starts its own thread; after prepare, the next request of the shape takes the spare; none is handed out twice")
    func takesSpare() async throws {
        let worker = Worker()
        let spares = Self.spares()
        let (first, firstSpare) = try await spares.thread(Self.brief, on: worker.connection)
        #expect(!firstSpare)
        await spares.prepare(Self.brief, on: worker.connection)
        await spares.prepare(Self.brief, on: worker.connection)
        #expect(await spares.count == 1, "one spare per shape")
        let (second, secondSpare) = try await spares.thread(Self.brief, on: worker.connection)
        #expect(secondSpare)
        let (third, thirdSpare) = try await spares.thread(Self.brief, on: worker.connection)
        #expect(!thirdSpare, "the spare was used; the next request starts its own until a turn prepares another")
        #expect(Set([first, second, third]).count == 3)
        let (other, otherSpare) = try await spares.thread(Self.thorough, on: worker.connection)
        #expect(!otherSpare && other != first)
        #expect(worker.startedThreads.count == 4)
    }

    @Test("a spare older than the maximum age is released and a fresh thread started instead")
    func releasesOldSpare() async throws {
        let worker = Worker()
        let spares = Self.spares(maximumAge: .milliseconds(10))
        await spares.prepare(Self.brief, on: worker.connection)
        try await Task.sleep(for: .milliseconds(30))
        let (thread, spare) = try await spares.thread(Self.brief, on: worker.connection)
        #expect(!spare)
        let old = try #require(worker.startedThreads.first)
        #expect(thread.rawValue != old)
        #expect(try await worker.unsubscribedThreads(count: 1) == [old])
    }

    @Test("over capacity, the least recently used shape's spare is released")
    func evictsLeastRecentlyUsed() async throws {
        let worker = Worker()
        let spares = Self.spares(capacity: 1)
        await spares.prepare(Self.brief, on: worker.connection)
        await spares.prepare(Self.thorough, on: worker.connection)
        #expect(await spares.count == 1)
        let released = try await worker.unsubscribedThreads(count: 1)
        #expect(released.count == 1)
        #expect(try await spares.thread(Self.brief, on: worker.connection).spare == false)
        let (thorough, spare) = try await spares.thread(Self.thorough, on: worker.connection)
        #expect(spare && !released.contains(thorough.rawValue))
    }

    @Test("spares of a replaced worker are dropped, and none are kept with a capacity of 0")
    func dropsReplacedWorkersAndHonoursZero() async throws {
        let old = Worker()
        let new = Worker()
        let spares = Self.spares()
        await spares.prepare(Self.brief, on: old.connection)
        #expect(try await spares.thread(Self.brief, on: new.connection).spare == false)
        #expect(await spares.count == 0)

        let none = Self.spares(capacity: 0)
        await none.prepare(Self.brief, on: new.connection)
        #expect(await none.count == 0)
        #expect(try await none.thread(Self.brief, on: new.connection).spare == false)
    }
}
