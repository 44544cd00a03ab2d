import Foundation
import Logging
import NIOCore
import NIOHTTP1

/// Serves one client connection on its event loop: routes each request, leases an upstream connection, streams
/// the request body up as it arrives, and lets the upstream's ``UpstreamRelayHandler`` write the response straight
/// back. A request costs no task hop, and a response chunk costs none either.
///
/// While the upstream socket is full, reads from the client pause; the request head bytes (which hold the key) are
/// wiped as soon as their write completes or fails.
final class ClientConnectionHandler: ChannelDuplexHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = HTTPServerResponsePart

    /// One forwarded request.
    private struct Exchange {
        let head: HTTPRequestHead
        let isChunked: Bool
        let forwarded: [(name: String, value: String)]
        let dumpPrefix: String?
        var requestBody: Data?
        var received = 0
        /// Body parts that arrived before the upstream connection was ready.
        var pending: [HTTPServerRequestPart] = []
        var upstream: UpstreamConnection?
        var bodyEnded = false
        var tooLarge = false
    }

    private let server: ResponsesProxyServer
    private let shutdown: AsyncStream<Void>.Continuation
    private var exchange: Exchange?
    /// A final response went out with `Connection: close`; the rest of the input is ignored.
    private var closing = false
    private var readPaused = false
    private var readPending = false
    /// A pipelined request that `HTTPServerPipelineHandler` delivered while the previous response's `.end` was being
    /// written (before the relay reported back); replayed once that exchange has finished.
    private var queued: [HTTPServerRequestPart] = []

    /// A handler forwarding for `server`; `shutdown` is signalled on `GET /shutdown`.
    init(server: ResponsesProxyServer, shutdown: AsyncStream<Void>.Continuation) {
        self.server = server
        self.shutdown = shutdown
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !closing else { return }
        let part = unwrapInboundIn(data)
        if exchange != nil, !queued.isEmpty || isHead(part) {
            queued.append(part)
            return
        }
        switch part {
        case .head(let head):
            guard exchange == nil else { return }
            route(head, context: context)
        case .body(let chunk):
            guard var exchange, !exchange.tooLarge else { return }
            exchange.received += chunk.readableBytes
            if exchange.received > server.configuration.maxRequestBodyBytes {
                self.exchange = exchange
                abortTooLarge(context: context)
                return
            }
            exchange.requestBody?.append(contentsOf: chunk.readableBytesView)
            forward(part, in: exchange, context: context)
        case .end:
            guard let exchange, !exchange.tooLarge else { return }
            forward(part, in: exchange, context: context)
        }
    }

    private func isHead(_ part: HTTPServerRequestPart) -> Bool {
        if case .head = part { return true }
        return false
    }

    func channelInactive(context: ChannelHandlerContext) {
        // The relay then fails at once and ``finish`` cleans up; nothing more reaches this client.
        exchange?.upstream?.channel.close(promise: nil)
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        server.logger.debug("client connection ended", metadata: ["reason": "\(type(of: error))"])
        context.close(promise: nil)
    }

    func read(context: ChannelHandlerContext) {
        if readPaused {
            readPending = true
        } else {
            context.read()
        }
    }

    // MARK: Routing

    private func route(_ head: HTTPRequestHead, context: ChannelHandlerContext) {
        switch ProxyRoute.decide(
            method: head.method.rawValue,
            target: head.uri,
            isUpgrade: head.headers.contains(name: "upgrade"),
            shutdownEnabled: server.configuration.httpShutdown
        ) {
        case .forbidden:
            // Closing instead of draining the body: a refused client gets no more of our time.
            respondAndClose(to: head, status: .forbidden, body: nil, context: context)
        case .shutdown:
            respondAndClose(to: head, status: .ok, body: nil, context: context)
            shutdown.yield()
        case .forward:
            begin(head, context: context)
        }
    }

    /// Writes a whole response and closes the connection once it is out.
    private func respondAndClose(to request: HTTPRequestHead, status: HTTPResponseStatus, body: Data?, context: ChannelHandlerContext) {
        closing = true
        var headers = HTTPHeaders()
        if body != nil { headers.add(name: "content-type", value: "application/json") }
        headers.add(name: "content-length", value: String(body?.count ?? 0))
        headers.add(name: "connection", value: "close")
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: request.version, status: status, headers: headers))), promise: nil)
        if let body, !body.isEmpty { context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(bytes: body)))), promise: nil) }
        let channel = context.channel
        context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in channel.close(promise: nil) }
    }

    /// The `502`/`504` for `error`, unless the client already has the response head (then the stream is cut).
    private func respondToFailure(_ error: any Error, request: HTTPRequestHead, responseStarted: Bool, context: ChannelHandlerContext) {
        let failure = server.classify(error)
        server.logger.error("forwarding error", metadata: ["error": "\(failure)"])
        if responseStarted {
            context.close(promise: nil)
        } else {
            respondAndClose(
                to: request,
                status: failure.isTimeout ? .gatewayTimeout : .badGateway,
                body: ProxyErrorBody.upstreamFailure(failure),
                context: context
            )
        }
    }

    // MARK: Forwarding

    private func begin(_ head: HTTPRequestHead, context: ChannelHandlerContext) {
        let limit = server.configuration.maxRequestBodyBytes
        let isChunked = head.headers[canonicalForm: "transfer-encoding"].contains { $0.lowercased() == "chunked" }
        let contentLength = isChunked ? nil : head.headers.first(name: "content-length").flatMap { Int($0) } ?? 0
        if let contentLength, contentLength > limit {
            respondAndClose(to: head, status: .payloadTooLarge, body: ProxyErrorBody.requestTooLarge(limit: limit), context: context)
            return
        }
        if head.headers[canonicalForm: "expect"].contains(where: { $0.lowercased() == "100-continue" }) {
            context.writeAndFlush(wrapOutboundOut(.head(HTTPResponseHead(version: head.version, status: .continue))), promise: nil)
        }
        let dumpPrefix = server.dumper?.nextPrefix()
        exchange = Exchange(
            head: head,
            isChunked: isChunked,
            forwarded: ForwardedHeaders.upstreamRequest(head.headers.map { (name: $0.name, value: $0.value) }),
            dumpPrefix: dumpPrefix,
            requestBody: dumpPrefix == nil ? nil : Data()
        )
        if let upstream = server.pool.leaseIdle(on: context.eventLoop) {
            attach(upstream, contentLength: contentLength, context: context)
            return
        }
        let pool = server.pool
        let eventLoop = context.eventLoop
        let handler = NIOLoopBound(self, eventLoop: eventLoop)
        let boundContext = NIOLoopBound(context, eventLoop: eventLoop)
        eventLoop.makeFutureWithTask { try await pool.lease(on: eventLoop) }.hop(to: eventLoop).whenComplete { result in
            handler.value.connected(result, contentLength: contentLength, context: boundContext.value)
        }
    }

    private func connected(_ result: Result<UpstreamConnection, any Error>, contentLength: Int?, context: ChannelHandlerContext) {
        guard let exchange, exchange.upstream == nil, context.channel.isActive else {
            // The exchange ended while connecting (client gone, body too large): keep the unused connection.
            if case .success(let upstream) = result { server.pool.release(upstream) }
            return
        }
        switch result {
        case .success(let upstream):
            attach(upstream, contentLength: contentLength, context: context)
        case .failure(let error):
            self.exchange = nil
            respondToFailure(error, request: exchange.head, responseStarted: false, context: context)
        }
    }

    /// Starts the relay, writes the head and the body parts that arrived meanwhile.
    private func attach(_ upstream: UpstreamConnection, contentLength: Int?, context: ChannelHandlerContext) {
        guard var exchange else { return }
        exchange.upstream = upstream
        let pending = exchange.pending
        exchange.pending = []
        self.exchange = exchange
        let channel = upstream.channel
        let requestHead = UpstreamRequestHead.encode(
            endpoint: server.configuration.upstream,
            authorization: server.authorization,
            headers: exchange.forwarded,
            contentLength: contentLength,
            keepAlive: server.pool.reusesConnections,
            allocator: channel.allocator
        )
        let handler = NIOLoopBound(self, eventLoop: context.eventLoop)
        let boundContext = NIOLoopBound(context, eventLoop: context.eventLoop)
        upstream.relay(to: context.channel, request: exchange.head, dumping: exchange.dumpPrefix != nil)
            .hop(to: context.eventLoop)
            .whenComplete { result in handler.value.finish(result, from: upstream, context: boundContext.value) }
        guard self.exchange?.upstream === upstream else {
            // The relay failed at once (the connection had closed) and ``finish`` has answered the client.
            var unused = requestHead
            UpstreamRequestHead.wipe(&unused)
            return
        }
        let headWritten = channel.eventLoop.makePromise(of: Void.self)
        headWritten.futureResult.whenComplete { _ in
            // The write is done (or failed): nothing needs these bytes any more.
            var written = requestHead
            UpstreamRequestHead.wipe(&written)
        }
        channel.write(HTTPClientRequestPart.head(UpstreamRequestWriter.marker), promise: nil)
        channel.write(HTTPClientRequestPart.body(.byteBuffer(requestHead)), promise: headWritten)
        for part in pending {
            guard let current = self.exchange, current.upstream === upstream else { break }
            forward(part, in: current, context: context, flush: false)
        }
        channel.flush()
    }

    /// Sends one request part upstream (re-framed as chunked when the client sent it chunked), or keeps it until
    /// the upstream connection is ready.
    private func forward(_ part: HTTPServerRequestPart, in exchange: Exchange, context: ChannelHandlerContext, flush: Bool = true) {
        var exchange = exchange
        guard let upstream = exchange.upstream else {
            exchange.pending.append(part)
            self.exchange = exchange
            return
        }
        let channel = upstream.channel
        var bytes: [ByteBuffer] = []
        switch part {
        case .head:
            return
        case .body(let chunk):
            if exchange.isChunked {
                var size = channel.allocator.buffer(capacity: 12)
                size.writeString(String(chunk.readableBytes, radix: 16) + "\r\n")
                bytes = [size, chunk, ByteBuffer(string: "\r\n")]
            } else {
                bytes = [chunk]
            }
        case .end:
            if exchange.isChunked { bytes = [ByteBuffer(string: "0\r\n\r\n")] }
            exchange.bodyEnded = true
            dumpRequest(exchange)
        }
        self.exchange = exchange
        let waitForWrite = !channel.isWritable
        for (index, buffer) in bytes.enumerated() {
            if waitForWrite && index == bytes.count - 1 {
                pauseReading(until: channel.write(HTTPClientRequestPart.body(.byteBuffer(buffer))), context: context)
            } else {
                channel.write(HTTPClientRequestPart.body(.byteBuffer(buffer)), promise: nil)
            }
        }
        if flush { channel.flush() }
    }

    /// Stops reading from the client until `write` is done: the upstream socket is full.
    private func pauseReading(until write: EventLoopFuture<Void>, context: ChannelHandlerContext) {
        readPaused = true
        let handler = NIOLoopBound(self, eventLoop: context.eventLoop)
        let boundContext = NIOLoopBound(context, eventLoop: context.eventLoop)
        write.hop(to: context.eventLoop).whenComplete { _ in
            let handler = handler.value
            handler.readPaused = false
            guard handler.readPending else { return }
            handler.readPending = false
            boundContext.value.read()
        }
    }

    /// The body grew past the limit: `413` unless the response already started, and the upstream is dropped.
    private func abortTooLarge(context: ChannelHandlerContext) {
        guard var exchange else { return }
        exchange.tooLarge = true
        self.exchange = exchange
        if let upstream = exchange.upstream {
            // ``finish`` answers once the relay has failed, knowing whether the response had started.
            upstream.channel.close(promise: nil)
        } else {
            self.exchange = nil
            let limit = server.configuration.maxRequestBodyBytes
            respondAndClose(to: exchange.head, status: .payloadTooLarge, body: ProxyErrorBody.requestTooLarge(limit: limit), context: context)
        }
    }

    /// The relay ended: return the upstream connection to the pool only after a complete exchange in known framing.
    private func finish(_ result: Result<UpstreamRelayOutcome, any Error>, from upstream: UpstreamConnection, context: ChannelHandlerContext) {
        guard let exchange, exchange.upstream === upstream else {
            upstream.channel.close(promise: nil)
            return
        }
        self.exchange = nil
        switch result {
        case .success(let outcome):
            if outcome.reusable && exchange.bodyEnded && server.pool.reusesConnections {
                server.pool.release(upstream)
            } else {
                upstream.channel.close(promise: nil)
            }
            if let dumpPrefix = exchange.dumpPrefix {
                server.dump {
                    let body = outcome.body.map { Data($0.readableBytesView) } ?? Data()
                    try $0.writeResponse(prefix: dumpPrefix, status: Int(outcome.status.code), headers: outcome.headers, body: body)
                }
            }
            if !exchange.head.isKeepAlive || !exchange.bodyEnded {
                // Either the client asked for it, or its request body is still unread.
                context.close(promise: nil)
                return
            }
            let next = queued
            queued = []
            for part in next { channelRead(context: context, data: NIOAny(part)) }
        case .failure(let error):
            upstream.channel.close(promise: nil)
            let started = (error as? UpstreamRelayFailure)?.responseStarted ?? false
            if exchange.tooLarge {
                if started {
                    context.close(promise: nil)
                } else {
                    let limit = server.configuration.maxRequestBodyBytes
                    respondAndClose(to: exchange.head, status: .payloadTooLarge, body: ProxyErrorBody.requestTooLarge(limit: limit), context: context)
                }
            } else {
                respondToFailure(error, request: exchange.head, responseStarted: started, context: context)
            }
        }
    }

    private func dumpRequest(_ exchange: Exchange) {
        guard let dumpPrefix = exchange.dumpPrefix, let body = exchange.requestBody else { return }
        let configuration = server.configuration
        server.dump {
            let headers = [(name: "host", value: configuration.upstream.hostHeader), (name: "authorization", value: "[REDACTED]")] + exchange.forwarded
            try $0.writeRequest(prefix: dumpPrefix, method: "POST", url: configuration.upstream.url, headers: headers, body: body)
        }
    }
}
