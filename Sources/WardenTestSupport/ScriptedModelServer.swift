import Foundation
import HTTPTypes
import Hummingbird
public import Logging
import NIOCore
import ServiceLifecycle

/// A scripted stand-in for the OpenAI Responses API that the real `codex` binary can talk to.
///
/// It listens on 127.0.0.1 (a free port), answers each `POST /v1/responses` with the next ``ModelTurn`` of its
/// script as a server-sent event stream in the exact shape codex 0.163 accepts, answers WebSocket upgrade
/// attempts (`GET /v1/responses` with `Upgrade: websocket`) with `426` so codex falls back to HTTP at once,
/// and records every request it receives, and how many `POST /v1/responses` were being answered at once over time
/// (``concurrency``, ``peakConcurrency``). Point codex at it with ``TestCodexHome``.
///
/// ```swift
/// let server = ScriptedModelServer(script: [.exec("echo hi"), .message("It said: {{last_tool_output}}")])
/// let port = try await server.start()
/// let home = try TestCodexHome(modelServerPort: port)
/// // … run `codex exec` with home.environment() …
/// let requests = try await server.waitForRequests(count: 2)
/// await server.stop()
/// ```
public actor ScriptedModelServer {
    /// The largest request body recorded; codex's requests (history plus tool schemas) stay far below it.
    private static let maximumBodySize = 64 * 1024 * 1024

    private var script: [ModelTurn]
    private var nextTurnIndex = 0
    private var defaultTurn: ModelTurn
    private var recorded: [RecordedRequest] = []
    /// Requests received, kept or not.
    private var receivedCount = 0
    private let keepsRequests: Bool
    private var responseCount = 0
    /// `POST /v1/responses` being answered now: from the head's arrival to the response's end.
    private var answering = 0
    /// The most answered at once.
    private var peakAnswering = 0
    /// Every change of ``answering``, in order.
    private var answeringTimeline: [ConcurrencySample] = []
    /// Whether ``stop()`` has begun; hanging streams poll it.
    private var stopping = false
    private var server: LoopbackServer?
    private let logger: Logger

    /// A server that will answer with `script`, then with `defaultTurn` for every further request.
    /// - Parameters:
    ///   - script: The turns, consumed one per `POST /v1/responses`.
    ///   - defaultTurn: The answer once the script is exhausted.
    ///   - logger: Where Hummingbird logs; by default only warnings and errors, on standard error.
    ///   - keepsRequests: Whether ``requests`` keeps every request (bodies included); a benchmark that sends
    ///     thousands of turns turns it off so its memory stays flat.
    public init(
        script: [ModelTurn] = [],
        defaultTurn: ModelTurn = .message("The scripted model has no more turns."),
        logger: Logger? = nil,
        keepsRequests: Bool = true
    ) {
        self.script = script
        self.defaultTurn = defaultTurn
        self.keepsRequests = keepsRequests
        if let logger {
            self.logger = logger
        } else {
            var logger = Logger(label: "warden.test.model-server")
            logger.logLevel = .warning
            self.logger = logger
        }
    }

    /// The port the server listens on, or `nil` when it is not running.
    public var port: Int? { server?.port }

    /// Every request received so far, in order (none when the server does not keep them).
    public var requests: [RecordedRequest] { recorded }

    /// How many `POST /v1/responses` were answered at once after each arrival and each end, in order: the model
    /// requests in flight over time (a Codex run makes one at a time, so this bounds the runs at once).
    public var concurrency: [ConcurrencySample] { answeringTimeline }

    /// The most `POST /v1/responses` answered at once so far.
    public var peakConcurrency: Int { peakAnswering }

    /// Starts listening on 127.0.0.1 at a port the system picks. Call it once, then ``stop()`` at the end.
    /// - Returns: The port. Calling it again while running returns the same port.
    /// - Throws: ``TestSupportError`` when the server cannot bind or run.
    public func start() async throws -> Int {
        if let server { return server.port }
        stopping = false
        let server = try await LoopbackServer.start(logger: logger) { [self] request in try await self.respond(to: request) }
        self.server = server
        return server.port
    }

    /// Stops the server, closing open connections (a ``ModelTurn/hang`` stream ends here). Recorded requests stay.
    public func stop() async {
        guard let server else { return }
        stopping = true
        await server.stop()
        self.server = nil
    }

    /// Replaces the script; the next `POST /v1/responses` gets the first of `turns`.
    /// - Parameters:
    ///   - turns: The new script.
    ///   - defaultTurn: When given, the new answer once the script is exhausted.
    public func setScript(_ turns: [ModelTurn], defaultTurn: ModelTurn? = nil) {
        script = turns
        nextTurnIndex = 0
        if let defaultTurn { self.defaultTurn = defaultTurn }
    }

    /// Waits until at least `count` requests have been received.
    /// - Parameters:
    ///   - count: How many requests (of any method and path) to wait for.
    ///   - timeout: How long to wait before failing; only a guard against hanging tests.
    /// - Returns: All requests kept so far.
    /// - Throws: ``TestSupportError`` when fewer arrived in time; `CancellationError` when cancelled.
    public func waitForRequests(count: Int, timeout: Duration = .seconds(30)) async throws -> [RecordedRequest] {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: timeout)
        while receivedCount < count {
            guard clock.now < deadline else {
                throw TestSupportError.timedOut(
                    waitingFor: "\(count) requests",
                    observed: "\(receivedCount) requests",
                    timeout: timeout
                )
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        return recorded
    }

    /// The tool results codex sent back in `request`: the `output` of each `function_call_output` and
    /// `custom_tool_call_output` item of its `input`, in order (content-part arrays joined into their text).
    public nonisolated func toolOutputs(in request: RecordedRequest) -> [String] {
        request.toolOutputs
    }

    // MARK: Serving

    /// Takes the next scripted turn (or the default one) for a `POST /v1/responses`, in arrival order.
    private func takeTurn() -> (turn: ModelTurn, turnIndex: Int?, responseNumber: Int) {
        let turnIndex: Int? = nextTurnIndex < script.count ? nextTurnIndex : nil
        if turnIndex != nil { nextTurnIndex += 1 }
        responseCount += 1
        return (turnIndex.map { script[$0] } ?? defaultTurn, turnIndex, responseCount)
    }

    /// Counts a response as begun (`+1`) or ended (`-1`) and samples the count.
    private func answering(_ change: Int) {
        answering += change
        peakAnswering = max(peakAnswering, answering)
        answeringTimeline.append(ConcurrencySample(at: .now, inFlight: answering))
    }

    /// Numbers a request, appends it to the recording when requests are kept, and returns it.
    @discardableResult
    private func record(_ request: IncomingRequest, body: Data, turnIndex: Int?) -> RecordedRequest {
        receivedCount += 1
        let recordedRequest = RecordedRequest(
            sequence: receivedCount,
            method: request.method,
            path: request.path,
            query: request.query,
            headers: request.headers,
            body: body,
            turnIndex: turnIndex,
            arrival: request.arrival
        )
        if keepsRequests { recorded.append(recordedRequest) }
        return recordedRequest
    }

    private nonisolated func respond(to request: Request) async throws -> Response {
        let incoming = IncomingRequest(request)
        guard incoming.method == "POST", incoming.path.hasSuffix("/responses") else {
            // An upgrade request's body never ends (the parser hands the connection over after the head).
            let upgrade = incoming.headers["upgrade"]
            let body = upgrade == nil ? try await Self.collect(request.body) : Data()
            await record(incoming, body: body, turnIndex: nil)
            if incoming.method == "GET", incoming.path.hasSuffix("/responses"), upgrade?.lowercased().contains("websocket") == true {
                return Self.plainResponse(status: 426, headers: ["content-type": "text/plain"], body: "Upgrade Required")
            }
            return Self.plainResponse(status: 404, headers: ["content-type": "text/plain"], body: "Not Found")
        }

        let (turn, turnIndex, responseNumber) = await takeTurn()
        await answering(1)
        switch ServedResponse.serving(turn, responseNumber: responseNumber) {
        case .plain(let status, let headers, let body, let firstByteMs):
            do {
                await record(incoming, body: try await Self.collect(request.body), turnIndex: turnIndex)
                try await Self.sleep(milliseconds: firstByteMs)
            } catch {
                await answering(-1)
                throw error
            }
            await answering(-1)
            return Self.plainResponse(status: status, headers: headers, body: body)

        case .stream(let streamed):
            do {
                try await Self.sleep(milliseconds: streamed.firstByteMs)
            } catch {
                await answering(-1)
                throw error
            }
            let requestBody = request.body
            let body = ResponseBody { writer in
                do {
                    try await self.stream(streamed, requestBody: requestBody, to: &writer, incoming: incoming, turnIndex: turnIndex)
                } catch {
                    await self.answering(-1)
                    throw error
                }
                await self.answering(-1)
            }
            // Watching for the client closing its side ends the connection after the stream, so say so: a client
            // must not send its next request on this connection.
            var fields: HTTPFields = [.contentType: "text/event-stream", .cacheControl: "no-cache", .connection: "close"]
            for (name, value) in streamed.options.headers {
                if let field = HTTPField.Name(name) { fields[field] = value }
            }
            return Response(status: .ok, headers: fields, body: body)
        }
    }

    /// Writes one streamed turn, reading the request body inside so that Hummingbird keeps watching the connection
    /// after it: a client that goes away cancels the stream (a hanging one included).
    private nonisolated func stream(
        _ streamed: ServedResponse.StreamedTurn, requestBody: RequestBody, to writer: inout any ResponseBodyWriter, incoming: IncomingRequest,
        turnIndex: Int?
    ) async throws {
        try await requestBody.consumeWithCancellationOnInboundClose { body in
            let recordedRequest = await self.record(incoming, body: try await Self.collect(body), turnIndex: turnIndex)
            let placeholders = ServedResponse.Placeholders(
                lastToolOutput: recordedRequest.toolOutputs.last ?? "",
                requestCount: recordedRequest.sequence
            )
            for (index, event) in streamed.events(with: placeholders).enumerated() {
                if index > 0 { try await Self.sleep(milliseconds: streamed.delayMs) }
                try await writer.write(ByteBuffer(string: event.encoded))
            }
            switch streamed.ending {
            case .finish:
                break
            case .dropConnection:
                throw SimulatedDisconnect()
            case .hang:
                while await !self.stopping { try await Task.sleep(for: .milliseconds(50)) }
                throw SimulatedDisconnect()
            }
        }
        try await writer.finish(nil)
    }

    private static func collect(_ body: RequestBody) async throws -> Data {
        Data(try await body.collect(upTo: maximumBodySize).readableBytesView)
    }

    private static func plainResponse(status: Int, headers: [String: String], body: String) -> Response {
        var fields: HTTPFields = [.connection: "close"]
        for (name, value) in headers {
            if let name = HTTPField.Name(name) { fields[name] = value }
        }
        return Response(status: HTTPResponse.Status(code: status), headers: fields, body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
    }

    private static func sleep(milliseconds: Int) async throws {
        if milliseconds > 0 { try await Task.sleep(for: .milliseconds(milliseconds)) }
    }
}

/// Thrown from a response body to make Hummingbird close the connection mid-stream (``ModelTurn/broken``,
/// and ``ModelTurn/hang`` when the server stops).
private struct SimulatedDisconnect: Error {}

/// The parts of a request that are recorded, read before its body.
private struct IncomingRequest: Sendable {
    let method: String
    let path: String
    let query: String?
    /// Names lowercased; repeated headers joined with `, `.
    let headers: [String: String]
    /// When the head arrived.
    let arrival: ContinuousClock.Instant

    init(_ request: Request) {
        arrival = .now
        var headers: [String: String] = [:]
        for field in request.headers {
            let name = field.name.canonicalName
            headers[name] = headers[name].map { "\($0), \(field.value)" } ?? field.value
        }
        self.method = request.method.rawValue
        self.path = request.uri.path
        self.query = request.uri.query
        self.headers = headers
    }
}

/// How many model requests were being answered at one moment.
public struct ConcurrencySample: Sendable, Hashable {
    /// When the count changed.
    public let at: ContinuousClock.Instant
    /// The count after the change.
    public let inFlight: Int
}
