import Logging
import Testing

@testable import Codex

@Suite("App-server connection (in memory)")
struct AppServerConnectionTests {
    /// The server side of an in-memory connection: reads what the client sent, writes lines back.
    struct Peer {
        let connection: AppServerConnection
        var sent: AsyncStream<[UInt8]>.Iterator

        init(requestTimeout: Duration = .seconds(30)) {
            let (outbox, continuation) = AsyncStream<[UInt8]>.makeStream()
            connection = AppServerConnection(outbox: continuation, requestTimeout: requestTimeout, logger: Logger(label: "test"))
            sent = outbox.makeAsyncIterator()
        }

        mutating func nextSent() async throws -> JSONRPCMessage {
            let line = try #require(await sent.next())
            #expect(line.last == UInt8(ascii: "\n"))
            return try JSONRPCMessage.decode(line: line.dropLast())
        }

        func reply(_ json: String) async {
            await connection.receive(line: Array(json.utf8))
        }
    }

    static let thread = ThreadID("01a200ea-49cf-7000-8000-000000000001")!

    @Test("routes responses to their requests by id, whatever the order")
    func routesById() async throws {
        var peer = Peer()
        let connection = peer.connection
        async let first = connection.request("a/first", params: nil)
        guard case .request(let firstID, "a/first", _) = try await peer.nextSent() else { Issue.record("no request"); return }
        async let second = connection.request("a/second", params: nil)
        guard case .request(let secondID, "a/second", _) = try await peer.nextSent() else { Issue.record("no request"); return }
        await peer.reply(#"{"id":\#(secondID),"result":"two"}"#)
        await peer.reply(#"{"method":"configWarning","params":{"summary":"no bwrap"}}"#)
        await peer.reply(#"{"id":\#(firstID),"result":"one"}"#)
        #expect(try await first == .string("one"))
        #expect(try await second == .string("two"))
    }

    @Test("an error response fails the request with the server's message, not retryable")
    func errorResponse() async throws {
        var peer = Peer()
        let connection = peer.connection
        async let turn = connection.startTurn(thread: Self.thread, input: "hi")
        guard case .request(let id, "turn/start", _) = try await peer.nextSent() else { Issue.record("no request"); return }
        await peer.reply(#"{"error":{"code":-32600,"message":"thread not found: x"},"id":\#(id)}"#)
        do {
            _ = try await turn
            Issue.record("the turn started")
        } catch let error as AppServerError {
            #expect(error.rpcError?.message == "thread not found: x")
            #expect(error.method == "turn/start")
            #expect(!error.isRetryable)
        }
    }

    @Test("delivers a turn's notifications that arrive before the turn/start response")
    func buffersEarlyNotifications() async throws {
        var peer = Peer()
        let connection = peer.connection
        async let started = connection.startTurn(thread: Self.thread, input: "say hi")
        guard case .request(let id, "turn/start", let params) = try await peer.nextSent() else { Issue.record("no request"); return }
        #expect(params?["input"]?.stringValue == nil)
        #expect(params?["threadId"] == .string(Self.thread.rawValue))
        await peer.reply(#"{"method":"turn/started","params":{"threadId":"x","turn":{"id":"turn-1","status":"inProgress"}}}"#)
        await peer.reply(#"{"method":"item/agentMessage/delta","params":{"threadId":"x","turnId":"turn-1","itemId":"m","delta":"Hel"}}"#)
        await peer.reply(#"{"method":"item/agentMessage/delta","params":{"threadId":"x","turnId":"other","itemId":"m","delta":"not mine"}}"#)
        await peer.reply(#"{"id":\#(id),"result":{"turn":{"id":"turn-1","status":"inProgress","items":[]}}}"#)
        let turn = try await started
        await peer.reply(#"{"method":"item/agentMessage/delta","params":{"threadId":"x","turnId":"turn-1","itemId":"m","delta":"lo"}}"#)
        await peer.reply(
            #"{"method":"turn/completed","params":{"threadId":"x","turn":{"id":"turn-1","status":"completed","error":null,"durationMs":5}}}"#
        )
        var events: [AppServerTurnEvent] = []
        for try await event in turn.events { events.append(event) }
        #expect(turn.id == "turn-1")
        #expect(
            events == [
                .started,
                .agentMessageDelta(itemID: "m", delta: "Hel"),
                .agentMessageDelta(itemID: "m", delta: "lo"),
                .completed(AppServerTurnCompletion(status: .completed, error: nil, durationMs: 5)),
            ]
        )
    }

    @Test(
        "answers the server's requests by policy: decline approvals, error for unknown methods",
        arguments: [
            ("item/commandExecution/requestApproval", JSONRPCMessage.response(id: .number(0), result: .object(["decision": .string("decline")]))),
            ("item/fileChange/requestApproval", .response(id: .number(0), result: .object(["decision": .string("decline")]))),
            (
                "no/such/method",
                .errorResponse(id: .number(0), error: JSONRPCErrorObject(code: -32601, message: "Warden does not handle no/such/method"))
            ),
        ]
    )
    func answersServerRequests(_ method: String, _ expected: JSONRPCMessage) async throws {
        var peer = Peer()
        await peer.reply(#"{"method":"\#(method)","id":0,"params":{"threadId":"x","turnId":"t","itemId":"call_1"}}"#)
        #expect(try await peer.nextSent() == expected)
    }

    @Test("a dynamic tool call waits in its turn's events until answered, then goes back with the output as text")
    func deferredToolCall() async throws {
        var peer = Peer()
        let connection = peer.connection
        async let started = connection.startTurn(thread: Self.thread, input: nil)
        guard case .request(let id, "turn/start", let params) = try await peer.nextSent() else { Issue.record("no request"); return }
        #expect(params?["input"] == .array([]), "a turn without input continues from the history")
        await peer.reply(#"{"id":\#(id),"result":{"turn":{"id":"turn-3"}}}"#)
        let turn = try await started
        await peer.reply(
            #"{"method":"item/tool/call","id":7,"params":{"threadId":"x","turnId":"turn-3","callId":"call_w","tool":"get_weather","arguments":{"city":"Paris"}}}"#
        )
        var events = turn.events.makeAsyncIterator()
        let call = AppServerToolCall(requestID: .number(7), callID: "call_w", tool: "get_weather", arguments: .object(["city": .string("Paris")]))
        #expect(try await events.next() == .toolCall(call))
        await connection.answerToolCall(call, output: "sunny")
        let item: JSONValue = .object(["type": .string("inputText"), "text": .string("sunny")])
        #expect(try await peer.nextSent() == .response(id: .number(7), result: .object(["contentItems": .array([item]), "success": .bool(true)])))
    }

    @Test("the handshake opts into the experimental API only when asked", arguments: [false, true])
    func experimentalCapability(_ experimental: Bool) async throws {
        var peer = Peer()
        let connection = peer.connection
        async let result = connection.initialize(client: AppServerClientInfo(name: "w", experimentalAPI: experimental), timeout: .seconds(5))
        guard case .request(let id, "initialize", let params) = try await peer.nextSent() else { Issue.record("no initialize"); return }
        #expect(params?["capabilities"]?["experimentalApi"] == .bool(experimental))
        await peer.reply(#"{"id":\#(id),"result":{}}"#)
        _ = try await result
    }

    @Test("when the worker goes away, requests and turns in flight fail at once with a retryable error")
    func closeFailsEverything() async throws {
        var peer = Peer()
        let connection = peer.connection
        async let started = connection.startTurn(thread: Self.thread, input: "slow")
        guard case .request(let id, _, _) = try await peer.nextSent() else { Issue.record("no request"); return }
        await peer.reply(#"{"id":\#(id),"result":{"turn":{"id":"turn-2"}}}"#)
        let turn = try await started
        let pending = Task { try await connection.request("thread/start", params: nil) }
        _ = try await peer.nextSent()
        await connection.close(.workerExited("killed"))
        await #expect(throws: AppServerError.workerExited("killed")) { try await pending.value }
        await #expect(throws: AppServerError.workerExited("killed")) {
            for try await _ in turn.events {}
        }
        await #expect(throws: AppServerError.workerExited("killed")) { try await connection.request("x", params: nil) }
        #expect(AppServerError.workerExited("killed").isRetryable)
    }

    @Test("a request without a response times out")
    func timesOut() async throws {
        let peer = Peer(requestTimeout: .milliseconds(50))
        do {
            _ = try await peer.connection.request("thread/start", params: nil)
            Issue.record("the request returned")
        } catch let error as AppServerError {
            #expect(error.metricLabel == "request_timeout")
            #expect(error.isRetryable)
        }
    }

    @Test("the handshake sends initialize, then the initialized notification")
    func handshake() async throws {
        var peer = Peer()
        let connection = peer.connection
        async let result = connection.initialize(client: AppServerClientInfo(name: "warden-test"), timeout: .seconds(5))
        guard case .request(let id, "initialize", let params) = try await peer.nextSent() else { Issue.record("no initialize"); return }
        #expect(params?["clientInfo"]?["name"] == .string("warden-test"))
        await peer.reply(#"{"id":\#(id),"result":{"userAgent":"warden-test/0.163.0"}}"#)
        #expect(try await result["userAgent"] == .string("warden-test/0.163.0"))
        #expect(try await peer.nextSent() == .notification(method: "initialized", params: nil))
    }
}
