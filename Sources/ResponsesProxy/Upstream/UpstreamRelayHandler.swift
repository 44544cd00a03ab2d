import NIOCore
import NIOHTTP1

/// The inbound end of an upstream connection: writes each response part straight to the client channel as it is
/// decoded, so an SSE event reaches the client without a hop through a task and is never held back.
///
/// One relay runs at a time (``begin(client:request:dumping:promise:)``); its promise succeeds once the response
/// `.end` has been written to the client, saying whether the connection may carry another request. Between
/// relays the connection may be parked in the pool, where any byte from the upstream, the idle timeout or the
/// park timeout closes it. Reads from the upstream pause while the client's socket is not writable. All state is
/// touched on the upstream channel's event loop only.
final class UpstreamRelayHandler: ChannelDuplexHandler {
    typealias InboundIn = HTTPClientResponsePart
    typealias OutboundIn = HTTPClientRequestPart
    typealias OutboundOut = HTTPClientRequestPart

    /// One response being relayed.
    private struct Relay {
        let client: any Channel
        let request: HTTPRequestHead
        let promise: EventLoopPromise<UpstreamRelayOutcome>
        var responseHead: HTTPResponseHead?
        var body: ByteBuffer?
    }

    private var context: ChannelHandlerContext?
    private var relay: Relay?
    /// Bumped whenever the connection is leased or parked, so a stale park timer does nothing.
    private var generation = 0
    private var readPaused = false
    private var readPending = false

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.context = nil
    }

    /// Starts relaying the next response to `client`.
    /// - Parameters:
    ///   - client: The client channel; each response part is written and flushed to it.
    ///   - request: The client's request head (its version and keep-alive shape the client response head).
    ///   - dumping: Whether to keep the response body for an exchange dump.
    ///   - promise: Completed when the response has been relayed, or failed with ``UpstreamRelayFailure``.
    func begin(client: any Channel, request: HTTPRequestHead, dumping: Bool, promise: EventLoopPromise<UpstreamRelayOutcome>) {
        generation += 1
        guard let context, context.channel.isActive, relay == nil else {
            promise.fail(UpstreamRelayFailure(underlying: UpstreamClosed(), responseStarted: false))
            return
        }
        relay = Relay(client: client, request: request, promise: promise, body: dumping ? context.channel.allocator.buffer(capacity: 0) : nil)
    }

    /// Closes the connection after `timeout` unless it is leased again before.
    func park(timeout: TimeAmount) {
        generation += 1
        let parkedGeneration = generation
        guard let context else { return }
        let handler = NIOLoopBound(self, eventLoop: context.eventLoop)
        context.eventLoop.scheduleTask(in: timeout) {
            let handler = handler.value
            guard handler.generation == parkedGeneration, handler.relay == nil else { return }
            handler.context?.close(promise: nil)
        }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard var relay else {
            // Bytes while parked: nothing asked for them, so the connection is not reusable.
            context.close(promise: nil)
            return
        }
        guard relay.client.isActive else {
            fail(UpstreamRelayFailure(underlying: ClientGone(), responseStarted: relay.responseHead != nil), context: context)
            return
        }
        switch unwrapInboundIn(data) {
        case .head(let head):
            guard relay.responseHead == nil else {
                fail(UpstreamRelayFailure(underlying: UpstreamClosed(), responseStarted: true), context: context)
                return
            }
            relay.responseHead = head
            self.relay = relay
            write(.head(clientHead(for: head, request: relay.request)), to: relay.client, context: context)
        case .body(let chunk):
            guard relay.responseHead != nil else {
                fail(UpstreamRelayFailure(underlying: UpstreamClosed(), responseStarted: false), context: context)
                return
            }
            if relay.body != nil {
                var chunk = chunk
                relay.body?.writeBuffer(&chunk)
                self.relay = relay
            }
            write(.body(.byteBuffer(chunk)), to: relay.client, context: context)
        case .end:
            guard let head = relay.responseHead else {
                fail(UpstreamRelayFailure(underlying: UpstreamClosed(), responseStarted: false), context: context)
                return
            }
            self.relay = nil
            let outcome = UpstreamRelayOutcome(
                reusable: Self.isReusable(head),
                status: head.status,
                headers: head.headers.map { (name: $0.name, value: $0.value) },
                body: relay.body
            )
            let promise = relay.promise
            relay.client.writeAndFlush(HTTPServerResponsePart.end(nil)).whenComplete { result in
                switch result {
                case .success:
                    promise.succeed(outcome)
                case .failure(let error):
                    promise.fail(UpstreamRelayFailure(underlying: error, responseStarted: true))
                }
            }
        }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        guard event is IdleStateHandler.IdleStateEvent else {
            context.fireUserInboundEventTriggered(event)
            return
        }
        fail(UpstreamRelayFailure(underlying: UpstreamIdleTimeout(), responseStarted: relay?.responseHead != nil), context: context)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        fail(UpstreamRelayFailure(underlying: error, responseStarted: relay?.responseHead != nil), context: context)
    }

    func channelInactive(context: ChannelHandlerContext) {
        if let relay {
            self.relay = nil
            relay.promise.fail(UpstreamRelayFailure(underlying: UpstreamClosed(), responseStarted: relay.responseHead != nil))
        }
        context.fireChannelInactive()
    }

    func read(context: ChannelHandlerContext) {
        if readPaused {
            readPending = true
        } else {
            context.read()
        }
    }

    // MARK: Helpers

    /// Writes and flushes one part to the client; when the client's socket is full, pauses upstream reads until
    /// this write completes.
    private func write(_ part: HTTPServerResponsePart, to client: any Channel, context: ChannelHandlerContext) {
        guard !client.isWritable else {
            client.writeAndFlush(part, promise: nil)
            return
        }
        readPaused = true
        let handler = NIOLoopBound(self, eventLoop: context.eventLoop)
        client.writeAndFlush(part).hop(to: context.eventLoop).whenComplete { _ in
            handler.value.resumeReading()
        }
    }

    private func resumeReading() {
        readPaused = false
        guard readPending, let context else { return }
        readPending = false
        context.read()
    }

    /// Fails the running relay, if any, and closes the connection: after an error it is never reused.
    private func fail(_ failure: UpstreamRelayFailure, context: ChannelHandlerContext) {
        if let relay {
            self.relay = nil
            relay.promise.fail(failure)
        }
        context.close(promise: nil)
    }

    /// The head the client gets: the upstream's status and end-to-end headers, the upstream's `Content-Length`,
    /// and `Connection: close` when the client's request was not keep-alive.
    private func clientHead(for head: HTTPResponseHead, request: HTTPRequestHead) -> HTTPResponseHead {
        let upstreamHeaders = head.headers.map { (name: $0.name, value: $0.value) }
        var headers = HTTPHeaders(ForwardedHeaders.clientResponse(upstreamHeaders).map { ($0.name, $0.value) })
        if let length = head.headers.first(name: "content-length") { headers.add(name: "content-length", value: length) }
        if !request.isKeepAlive { headers.add(name: "connection", value: "close") }
        return HTTPResponseHead(version: request.version, status: head.status, headers: headers)
    }

    /// Whether the connection can carry another request after this response: HTTP/1.1 keep-alive, and a body
    /// whose end the framing marked (`Content-Length`, the chunked terminator, or no body by status).
    static func isReusable(_ head: HTTPResponseHead) -> Bool {
        guard head.isKeepAlive else { return false }
        let status = head.status.code
        if status == 204 || status == 304 || (100..<200).contains(status) { return true }
        if head.headers[canonicalForm: "transfer-encoding"].contains(where: { $0.lowercased() == "chunked" }) { return true }
        return head.headers.first(name: "content-length").flatMap { Int($0) } != nil
    }
}

/// What one relayed response came to.
struct UpstreamRelayOutcome: Sendable {
    /// Whether the upstream connection may carry another request.
    let reusable: Bool
    /// The upstream's status, for dumps.
    let status: HTTPResponseStatus
    /// The upstream's headers as received, for dumps.
    let headers: [(name: String, value: String)]
    /// The response body, when dumping.
    let body: ByteBuffer?
}

/// A relay that failed, and whether the client had already been sent the response head.
struct UpstreamRelayFailure: Error {
    /// The cause.
    let underlying: any Error
    /// Whether the client got the response head (then only a cut stream is left to give it).
    let responseStarted: Bool
}

/// The upstream closed before the response ended.
struct UpstreamClosed: Error {}

/// The client closed its connection while its response was being relayed.
struct ClientGone: Error {}

/// The upstream connection was silent for longer than the idle timeout.
struct UpstreamIdleTimeout: Error {}
