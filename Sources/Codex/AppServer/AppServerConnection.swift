public import Logging

/// One JSON-RPC session with one `codex app-server` worker: requests and their responses, the
/// server's requests and Warden's answers, and each turn's notifications as a stream.
///
/// The connection does no I/O itself. Lines the server writes are handed to ``receive(line:)`` in
/// order; lines for the server are put on the `outbox` stream, which one writer drains, so
/// messages are never interleaved. When the worker goes away, ``close(_:)`` fails every request
/// and turn still in flight with the same (retryable) error, at once.
///
/// A turn's notifications may arrive before the `turn/start` response that names the turn: they
/// are held by turn id until ``startTurn(thread:input:options:)`` claims them.
public actor AppServerConnection {
    private struct PendingRequest {
        var method: String
        var continuation: AsyncThrowingStream<JSONValue, any Error>.Continuation
    }

    /// How many turns' early notifications are held before the oldest are dropped.
    private static let maximumUnclaimedTurns = 32

    private let outbox: AsyncStream<[UInt8]>.Continuation
    private let requestPolicy: any AppServerRequestPolicy
    private let requestTimeout: Duration
    private let logger: Logger
    private var nextRequestID = 0
    private var pending: [Int: PendingRequest] = [:]
    private var turnStreams: [String: AsyncThrowingStream<AppServerTurnEvent, any Error>.Continuation] = [:]
    private var unclaimedEvents: [String: [AppServerTurnEvent]] = [:]
    private var unclaimedOrder: [String] = []
    private var closingError: AppServerError?
    private var rateLimits: RateLimitMonitor?

    /// Creates a connection.
    ///
    /// - Parameters:
    ///   - outbox: where lines for the server go, each ending in a newline.
    ///   - requestPolicy: answers the server's requests; declines everything by default.
    ///   - requestTimeout: how long a request waits for its response unless told otherwise.
    ///   - logger: the module's logger.
    public init(
        outbox: AsyncStream<[UInt8]>.Continuation,
        requestPolicy: any AppServerRequestPolicy = DecliningRequestPolicy(),
        requestTimeout: Duration = .seconds(120),
        logger: Logger
    ) {
        self.outbox = outbox
        self.requestPolicy = requestPolicy
        self.requestTimeout = requestTimeout
        self.logger = logger
    }

    /// Whether the connection has been closed (the worker is gone or being replaced).
    public var isClosed: Bool { closingError != nil }

    /// From now on, tells `monitor` the seat's usage windows of every `account/rateLimits/updated` the server sends.
    public func report(rateLimitsTo monitor: RateLimitMonitor) {
        rateLimits = monitor
    }

    /// Reads the seat's usage windows (`account/rateLimits/read`).
    ///
    /// - Parameter timeout: how long to wait for the answer.
    /// - Returns: the windows, or `nil` when the answer has none.
    /// - Throws: ``AppServerError``; with API-key authentication codex answers an RPC error ("codex account
    ///   authentication required to read rate limits").
    public func readRateLimits(timeout: Duration) async throws -> RateLimitSnapshot? {
        RateLimitSnapshot(try await request("account/rateLimits/read", params: nil, timeout: timeout)["rateLimits"])
    }

    // MARK: - Requests

    /// Sends `initialize`, then the `initialized` notification.
    ///
    /// - Parameters:
    ///   - client: how Warden introduces itself.
    ///   - timeout: how long to wait for the response.
    /// - Returns: the server's `initialize` result (`userAgent`, `codexHome`, …).
    /// - Throws: ``AppServerError``; a timeout is ``AppServerError/handshakeTimedOut(after:)``.
    @discardableResult
    public func initialize(client: AppServerClientInfo, timeout: Duration) async throws -> JSONValue {
        let result: JSONValue
        do {
            result = try await request("initialize", params: client.initializeParameters, timeout: timeout)
        } catch let error as AppServerError where error.code == .requestTimedOut {
            throw AppServerError.handshakeTimedOut(after: timeout)
        }
        send(.notification(method: "initialized", params: nil))
        return result
    }

    /// Starts a thread (`thread/start`).
    ///
    /// - Parameter options: the thread's settings.
    /// - Returns: the new thread's id.
    /// - Throws: ``AppServerError``.
    public func startThread(_ options: AppServerThreadOptions = AppServerThreadOptions()) async throws -> ThreadID {
        let result = try await request("thread/start", params: options.parameters())
        return try Self.threadID(in: result, method: "thread/start")
    }

    /// Loads an existing thread into this worker (`thread/resume`), as needed before a turn on a
    /// thread started by another worker.
    ///
    /// - Parameters:
    ///   - thread: the thread to resume.
    ///   - options: settings to change for it.
    /// - Returns: the thread's id as the server reports it.
    /// - Throws: ``AppServerError``; an unknown thread is an ``AppServerError/rpcError(method:error:)``.
    @discardableResult
    public func resumeThread(_ thread: ThreadID, options: AppServerThreadOptions = AppServerThreadOptions()) async throws -> ThreadID {
        var params = options.parameters(resuming: thread)
        if case .object(var members) = params {
            members["excludeTurns"] = .bool(true)
            params = .object(members)
        }
        let result = try await request("thread/resume", params: params)
        return try Self.threadID(in: result, method: "thread/resume")
    }

    /// Starts a turn (`turn/start`) and returns its event stream.
    ///
    /// - Parameters:
    ///   - thread: a thread loaded in this worker (started or resumed here).
    ///   - input: the user's message; `nil` continues from the thread's history without one.
    ///   - options: per-turn overrides.
    /// - Returns: the turn, whose events include any that arrived before the response.
    /// - Throws: ``AppServerError``.
    public func startTurn(thread: ThreadID, input: String?, options: AppServerTurnOptions = AppServerTurnOptions()) async throws
        -> AppServerTurn
    {
        let result = try await request("turn/start", params: options.parameters(thread: thread, input: input))
        guard let turnID = result["turn"]?["id"]?.stringValue else {
            throw AppServerError.malformedMessage(method: "turn/start", "the response has no turn id")
        }
        let (events, continuation) = AsyncThrowingStream<AppServerTurnEvent, any Error>.makeStream()
        if let closingError {
            continuation.finish(throwing: closingError)
            return AppServerTurn(threadID: thread, id: turnID, events: events)
        }
        let early = unclaimedEvents.removeValue(forKey: turnID) ?? []
        unclaimedOrder.removeAll { $0 == turnID }
        for event in early { continuation.yield(event) }
        if early.contains(where: \.isTerminal) {
            continuation.finish()
        } else {
            turnStreams[turnID] = continuation
        }
        return AppServerTurn(threadID: thread, id: turnID, events: events)
    }

    /// Asks the server to stop a turn (`turn/interrupt`); the turn then completes as `interrupted`.
    ///
    /// - Parameters:
    ///   - turn: the turn's id.
    ///   - thread: its thread.
    /// - Throws: ``AppServerError``.
    public func interruptTurn(_ turn: String, thread: ThreadID) async throws {
        _ = try await request("turn/interrupt", params: .object(["threadId": .string(thread.rawValue), "turnId": .string(turn)]))
    }

    /// Appends items to a thread's model-visible history without starting a turn
    /// (`thread/inject_items`): earlier conversation a client sends along, as Responses API items
    /// (`{"type":"message","role":"user","content":[{"type":"input_text","text":…}]}`…).
    ///
    /// - Parameters:
    ///   - items: the items, oldest first.
    ///   - thread: a thread loaded in this worker with no turn running.
    /// - Throws: ``AppServerError``; codex refuses items it cannot read with an RPC error.
    public func injectItems(_ items: [JSONValue], into thread: ThreadID) async throws {
        _ = try await request("thread/inject_items", params: .object(["threadId": .string(thread.rawValue), "items": .array(items)]))
    }

    /// Ends this connection's subscription to a thread (`thread/unsubscribe`): its events stop, and
    /// codex unloads the thread once it has had no subscriber and no activity for 30 minutes.
    ///
    /// - Parameter thread: the thread.
    /// - Returns: codex's `status`: `unsubscribed`, `notSubscribed` or `notLoaded`.
    /// - Throws: ``AppServerError``.
    @discardableResult
    public func unsubscribe(from thread: ThreadID) async throws -> String {
        let result = try await request("thread/unsubscribe", params: .object(["threadId": .string(thread.rawValue)]))
        return result["status"]?.stringValue ?? "unknown"
    }

    /// Sends any request and waits for its result.
    ///
    /// - Parameters:
    ///   - method: the JSON-RPC method.
    ///   - params: its params.
    ///   - timeout: how long to wait; the connection's default when `nil`.
    /// - Returns: the `result` member of the response.
    /// - Throws: ``AppServerError`` (an error response, a timeout, the worker dying), or
    ///   `CancellationError` when the calling task is cancelled.
    public func request(_ method: String, params: JSONValue?, timeout: Duration? = nil) async throws -> JSONValue {
        if let closingError { throw closingError }
        let id = nextRequestID
        nextRequestID += 1
        let (response, continuation) = AsyncThrowingStream<JSONValue, any Error>.makeStream()
        pending[id] = PendingRequest(method: method, continuation: continuation)
        defer { pending.removeValue(forKey: id) }
        send(.request(id: .number(id), method: method, params: params))
        let limit = timeout ?? requestTimeout
        return try await withThrowingTaskGroup(of: JSONValue.self) { group in
            group.addTask {
                for try await result in response { return result }
                throw CancellationError()
            }
            group.addTask {
                try await Task.sleep(for: limit)
                throw AppServerError.requestTimedOut(method: method, after: limit)
            }
            defer { group.cancelAll() }
            guard let result = try await group.next() else { throw CancellationError() }
            return result
        }
    }

    // MARK: - Input from the worker

    /// Handles one line the server wrote.
    ///
    /// - Parameter line: one JSON message without its newline.
    public func receive(line: [UInt8]) async {
        let message: JSONRPCMessage
        do {
            message = try JSONRPCMessage.decode(line: line)
        } catch {
            logger.warning("unreadable line from codex app-server", metadata: ["error": "\(error)", "bytes": "\(line.count)"])
            return
        }
        switch message {
        case .response(.number(let id), let result):
            guard let request = pending.removeValue(forKey: id) else { return logUnmatched(id: .number(id)) }
            request.continuation.yield(result)
            request.continuation.finish()
        case .errorResponse(.number(let id)?, let error):
            guard let request = pending.removeValue(forKey: id) else { return logUnmatched(id: .number(id)) }
            request.continuation.finish(throwing: AppServerError.rpcError(method: request.method, error: error))
        case .response(let id, _), .errorResponse(let id?, _):
            logUnmatched(id: id)
        case .errorResponse(nil, let error):
            logger.warning("codex app-server rejected a message", metadata: ["code": "\(error.code)", "message": "\(error.message)"])
        case .notification(RateLimitSnapshot.updatedMethod, let params):
            if let monitor = rateLimits, let snapshot = RateLimitSnapshot(params?["rateLimits"]) { await monitor.update(snapshot) }
        case .notification(let method, let params):
            route(method: method, params: params)
        case .request(let id, let method, let params):
            let request = AppServerServerRequest(id: id, method: method, params: params)
            // A call to a client's function is answered by whoever drives the turn (``answerToolCall(_:output:success:)``),
            // possibly much later; a malformed one, or one for no turn, goes to the policy (an error answer).
            if method == AppServerToolCall.method, let call = AppServerToolCall(request), let turnID = request.turnID {
                deliver(.toolCall(call), to: turnID)
            } else {
                await answer(request)
            }
        }
    }

    /// Answers a client function call (`item/tool/call`) the turn is waiting on, with the function's output as text;
    /// codex then hands the model the call's output and the turn goes on.
    ///
    /// - Parameters:
    ///   - call: the call, as its turn's ``AppServerTurnEvent/toolCall(_:)`` carried it.
    ///   - output: what the function returned.
    ///   - success: whether the function succeeded.
    public func answerToolCall(_ call: AppServerToolCall, output: String, success: Bool = true) {
        guard closingError == nil else { return }
        let item: JSONValue = .object(["type": .string("inputText"), "text": .string(output)])
        send(.response(id: call.requestID, result: .object(["contentItems": .array([item]), "success": .bool(success)])))
    }

    /// Fails everything in flight with `error` and refuses further requests.
    ///
    /// - Parameter error: what every waiting caller and turn stream gets.
    public func close(_ error: AppServerError) {
        guard closingError == nil else { return }
        closingError = error
        for request in pending.values { request.continuation.finish(throwing: error) }
        pending.removeAll()
        for stream in turnStreams.values { stream.finish(throwing: error) }
        turnStreams.removeAll()
        unclaimedEvents.removeAll()
        unclaimedOrder.removeAll()
        outbox.finish()
    }

    // MARK: - Private

    private func send(_ message: JSONRPCMessage) {
        outbox.yield(message.encodedLine())
    }

    private func route(method: String, params: JSONValue?) {
        let turnID = params?["turnId"]?.stringValue ?? (method.hasPrefix("turn/") ? params?["turn"]?["id"]?.stringValue : nil)
        guard let turnID else {
            logger.debug("codex app-server notification", metadata: ["method": "\(method)"])
            return
        }
        deliver(AppServerTurnEvent.decode(method: method, params: params), to: turnID)
    }

    private func deliver(_ event: AppServerTurnEvent, to turnID: String) {
        if let stream = turnStreams[turnID] {
            stream.yield(event)
            if event.isTerminal {
                stream.finish()
                turnStreams.removeValue(forKey: turnID)
            }
            return
        }
        if unclaimedEvents[turnID] == nil {
            unclaimedOrder.append(turnID)
            if unclaimedOrder.count > Self.maximumUnclaimedTurns {
                unclaimedEvents.removeValue(forKey: unclaimedOrder.removeFirst())
            }
        }
        unclaimedEvents[turnID, default: []].append(event)
    }

    private func answer(_ request: AppServerServerRequest) async {
        let answer = await requestPolicy.answer(request)
        logger.info(
            "answered a codex app-server request",
            metadata: ["method": "\(request.method)", "answer": "\(Self.summary(of: answer))"]
        )
        switch answer {
        case .result(let result): send(.response(id: request.id, result: result))
        case .error(let error): send(.errorResponse(id: request.id, error: error))
        }
        if let turnID = request.turnID {
            deliver(.serverRequest(method: request.method, itemID: request.itemID, answer: answer), to: turnID)
        }
    }

    private func logUnmatched(id: JSONRPCID) {
        logger.debug("codex app-server response matches no pending request", metadata: ["id": "\(id)"])
    }

    private static func summary(of answer: AppServerRequestAnswer) -> String {
        switch answer {
        case .result(let result): result["decision"]?.stringValue ?? "result"
        case .error(let error): "error \(error.code)"
        }
    }

    private static func threadID(in result: JSONValue, method: String) throws -> ThreadID {
        guard let text = result["thread"]?["id"]?.stringValue, let id = ThreadID(text) else {
            throw AppServerError.malformedMessage(method: method, "the response has no thread id")
        }
        return id
    }
}
