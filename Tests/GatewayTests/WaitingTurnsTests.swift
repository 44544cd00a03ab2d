import Logging
import Synchronization
import Testing

@testable import Codex
@testable import Gateway

@Suite("Turns waiting on a function's result")
struct WaitingTurnsTests {
    /// A waiting turn on an in-memory connection, waiting on `callID`.
    static func waiting(_ callID: String, turnID: String) -> WaitingTurns.Waiting {
        let (_, outbox) = AsyncStream<[UInt8]>.makeStream()
        let connection = AppServerConnection(outbox: outbox, logger: Logger(label: "test"))
        let (events, _) = AsyncThrowingStream<AppServerTurnEvent, any Error>.makeStream()
        let turn = AppServerTurn(threadID: ThreadID("01a200ea-49cf-7000-8000-000000000001")!, id: turnID, events: events)
        let started = StartedTurn(
            connection: connection, options: AppServerThreadOptions(), turn: turn, spare: false, relay: TurnEventRelay(turn), started: .now
        )
        let call = AppServerToolCall(requestID: .number(1), callID: callID, tool: "f", arguments: .object([:]))
        return WaitingTurns.Waiting(turn: started, call: call, usage: .zero)
    }

    /// The turn ids `expire` was called with.
    final class Expired: Sendable {
        let ids = Mutex<[String]>([])
        func record(_ waiting: WaitingTurns.Waiting) { ids.withLock { $0.append(waiting.turn.turn.id) } }
        var value: [String] { ids.withLock { $0 } }
    }

    @Test("a result taken in time stops the clock; the turn is handed over once")
    func takenInTime() async throws {
        let turns = WaitingTurns()
        let expired = Expired()
        await turns.park(Self.waiting("call_1", turnID: "t1"), timeout: .milliseconds(100)) { expired.record($0) }
        #expect(await turns.take(answering: ["call_other", "call_1"])?.turn.turn.id == "t1")
        #expect(await turns.take(answering: ["call_1"]) == nil)
        try await Task.sleep(for: .milliseconds(300))
        #expect(expired.value.isEmpty)
    }

    @Test("a turn whose result does not come is expired after its time limit, and can no longer be taken")
    func expires() async throws {
        let turns = WaitingTurns()
        let expired = Expired()
        await turns.park(Self.waiting("call_1", turnID: "t1"), timeout: .milliseconds(50)) { expired.record($0) }
        let deadline = ContinuousClock.now + .seconds(10)
        while expired.value.isEmpty, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(10)) }
        #expect(expired.value == ["t1"])
        #expect(await turns.take(answering: ["call_1"]) == nil)
        #expect(await turns.count == 0)
    }

    @Test("a second turn waiting on the same call id expires the first at once; the second keeps its own clock")
    func sameCallID() async throws {
        let turns = WaitingTurns()
        let expired = Expired()
        await turns.park(Self.waiting("call_1", turnID: "t1"), timeout: .milliseconds(100)) { expired.record($0) }
        await turns.park(Self.waiting("call_1", turnID: "t2"), timeout: .seconds(30)) { expired.record($0) }
        let deadline = ContinuousClock.now + .seconds(10)
        while expired.value.isEmpty, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(10)) }
        try await Task.sleep(for: .milliseconds(200))
        #expect(expired.value == ["t1"], "the first turn's own clock does not expire the second")
        #expect(await turns.take(answering: ["call_1"])?.turn.turn.id == "t2")
    }
}
