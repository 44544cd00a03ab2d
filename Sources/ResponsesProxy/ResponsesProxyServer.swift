import Foundation
public import Hardening
public import Logging
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL

/// The strict `POST /v1/responses` forwarder behind `warden responses-proxy`.
///
/// It listens on 127.0.0.1 only. Each forwarded request gets its own upstream connection, whose head is written
/// as raw bytes with `Authorization` copied from the locked buffer; the request body streams up as it arrives and
/// every upstream body chunk is written and flushed to the client at once, so SSE events are never held back.
public struct ResponsesProxyServer: Sendable {
    private let configuration: ResponsesProxyConfiguration
    private let authorization: LockedSecretBuffer
    private let logger: Logger
    private let tlsContext: NIOSSLContext?
    private let dumper: ExchangeDumper?

    /// A proxy ready to ``run(onListening:)``.
    /// - Parameters:
    ///   - configuration: Port, upstream, limits.
    ///   - authorization: The `Authorization` header value, `Bearer <key>`, from ``KeyIntake``.
    ///   - logger: Where failures are logged (never headers or the key).
    /// - Throws: When the TLS context for an https upstream or the dump directory cannot be set up.
    public init(configuration: ResponsesProxyConfiguration, authorization: LockedSecretBuffer, logger: Logger) throws {
        self.configuration = configuration
        self.authorization = authorization
        self.logger = logger
        tlsContext = configuration.upstream.usesTLS ? try NIOSSLContext(configuration: .makeClientConfiguration()) : nil
        dumper = try configuration.dumpDirectory.map { try ExchangeDumper(directory: $0) }
    }

    /// Listens and serves until `GET /shutdown` (with ``ResponsesProxyConfiguration/httpShutdown``) or cancellation.
    /// - Parameter onListening: Called once with the bound port, before the first connection is accepted.
    /// - Throws: ``ResponsesProxyError`` when the port cannot be bound; whatever `onListening` throws.
    public func run(onListening: @Sendable (Int) async throws -> Void) async throws {
        let server: NIOAsyncChannel<NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>, Never>
        do {
            server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .serverChannelOption(.backlog, value: 256)
                .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
                .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
                .bind(host: "127.0.0.1", port: configuration.port) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
                        return try NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>(wrappingChannelSynchronously: channel)
                    }
                }
        } catch {
            throw ResponsesProxyError.bindFailed(port: configuration.port, reason: "\(error)")
        }
        let port = server.channel.localAddress?.port ?? configuration.port
        let (shutdownRequests, shutdown) = AsyncStream<Void>.makeStream()
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                try await withThrowingDiscardingTaskGroup { connections in
                    try await server.executeThenClose { inbound in
                        for try await connection in inbound {
                            connections.addTask { await serve(connection, shutdown: shutdown) }
                        }
                    }
                }
            }
            do {
                try await onListening(port)
            } catch {
                group.cancelAll()
                throw error
            }
            group.addTask {
                for await _ in shutdownRequests { return }
            }
            try await group.next()
            group.cancelAll()
        }
    }

    // MARK: Connections

    private typealias ClientOutbound = NIOAsyncChannelOutboundWriter<HTTPServerResponsePart>
    private typealias ClientRequests = NIOAsyncChannelInboundStream<HTTPServerRequestPart>.AsyncIterator

    /// What to do with a client connection after a response.
    private enum Continuation {
        case keepOpen
        case close
    }

    private func serve(
        _ connection: NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>,
        shutdown: AsyncStream<Void>.Continuation
    ) async {
        do {
            try await connection.executeThenClose { inbound, outbound in
                var requests = inbound.makeAsyncIterator()
                while let part = try await requests.next() {
                    guard case .head(let head) = part else { continue }
                    let isUpgrade = head.headers.contains(name: "upgrade")
                    switch ProxyRoute.decide(
                        method: head.method.rawValue,
                        target: head.uri,
                        isUpgrade: isUpgrade,
                        shutdownEnabled: configuration.httpShutdown
                    ) {
                    case .forbidden:
                        // Closing instead of draining the body: a refused client gets no more of our time.
                        try await respond(to: head, status: .forbidden, body: nil, outbound: outbound, close: true)
                        return
                    case .shutdown:
                        try await respond(to: head, status: .ok, body: nil, outbound: outbound, close: true)
                        shutdown.yield()
                        return
                    case .forward:
                        if try await forward(head, requests: &requests, outbound: outbound) == .close { return }
                    }
                }
            }
        } catch {
            logger.debug("client connection ended", metadata: ["reason": "\(type(of: error))"])
        }
    }

    private func respond(
        to request: HTTPRequestHead,
        status: HTTPResponseStatus,
        body: Data?,
        outbound: ClientOutbound,
        close: Bool
    ) async throws {
        var headers = HTTPHeaders()
        if body != nil { headers.add(name: "content-type", value: "application/json") }
        headers.add(name: "content-length", value: String(body?.count ?? 0))
        if close { headers.add(name: "connection", value: "close") }
        var parts: [HTTPServerResponsePart] = [.head(HTTPResponseHead(version: request.version, status: status, headers: headers))]
        if let body, !body.isEmpty { parts.append(.body(.byteBuffer(ByteBuffer(bytes: body)))) }
        parts.append(.end(nil))
        try await outbound.write(contentsOf: parts)
    }

    // MARK: Forwarding

    /// The request body grew past the limit while streaming.
    private struct RequestTooLarge: Error {}

    /// The upstream closed before the response ended.
    private struct UpstreamClosed: Error {}

    private func forward(_ head: HTTPRequestHead, requests: inout ClientRequests, outbound: ClientOutbound) async throws -> Continuation {
        let limit = configuration.maxRequestBodyBytes
        let clientHeaders = head.headers.map { (name: $0.name, value: $0.value) }
        let isChunked = head.headers[canonicalForm: "transfer-encoding"].contains { $0.lowercased() == "chunked" }
        let contentLength = isChunked ? nil : head.headers.first(name: "content-length").flatMap { Int($0) } ?? 0
        if let contentLength, contentLength > limit {
            try await respond(to: head, status: .payloadTooLarge, body: ProxyErrorBody.requestTooLarge(limit: limit), outbound: outbound, close: true)
            return .close
        }
        if head.headers[canonicalForm: "expect"].contains(where: { $0.lowercased() == "100-continue" }) {
            try await outbound.write(.head(HTTPResponseHead(version: head.version, status: .continue)))
        }
        let forwarded = ForwardedHeaders.upstreamRequest(clientHeaders)
        let dumpPrefix = dumper?.nextPrefix()

        let upstream: NIOAsyncChannel<HTTPClientResponsePart, HTTPClientRequestPart>
        do {
            upstream = try await connectUpstream()
        } catch {
            let failure = classify(error)
            logger.error("forwarding error", metadata: ["error": "\(failure)"])
            try await respond(to: head, status: failure.isTimeout ? .gatewayTimeout : .badGateway, body: ProxyErrorBody.upstreamFailure(failure), outbound: outbound, close: true)
            return .close
        }

        var requestHead = UpstreamRequestHead.encode(
            endpoint: configuration.upstream,
            authorization: authorization,
            headers: forwarded,
            contentLength: contentLength,
            allocator: upstream.channel.allocator
        )
        var responseStarted = false
        let continuation: Continuation
        do {
            continuation = try await upstream.executeThenClose { upstreamInbound, upstreamOutbound in
                try await upstreamOutbound.write(contentsOf: [.head(UpstreamRequestWriter.marker), .body(.byteBuffer(requestHead))])
                var requestBody = dumpPrefix == nil ? nil : Data()
                var received = 0
                bodyLoop: while let part = try await requests.next() {
                    switch part {
                    case .head:
                        throw UpstreamClosed()
                    case .body(let chunk):
                        received += chunk.readableBytes
                        if received > limit { throw RequestTooLarge() }
                        requestBody?.append(contentsOf: chunk.readableBytesView)
                        if isChunked {
                            var size = upstream.channel.allocator.buffer(capacity: 12)
                            size.writeString(String(chunk.readableBytes, radix: 16) + "\r\n")
                            try await upstreamOutbound.write(
                                contentsOf: [.body(.byteBuffer(size)), .body(.byteBuffer(chunk)), .body(.byteBuffer(ByteBuffer(string: "\r\n")))]
                            )
                        } else {
                            try await upstreamOutbound.write(.body(.byteBuffer(chunk)))
                        }
                    case .end:
                        if isChunked { try await upstreamOutbound.write(.body(.byteBuffer(ByteBuffer(string: "0\r\n\r\n")))) }
                        break bodyLoop
                    }
                }
                if let dumpPrefix, let requestBody {
                    dump {
                        let headers = [(name: "host", value: configuration.upstream.hostHeader), (name: "authorization", value: "[REDACTED]")] + forwarded
                        try $0.writeRequest(prefix: dumpPrefix, method: "POST", url: configuration.upstream.url, headers: headers, body: requestBody)
                    }
                }
                return try await relayResponse(to: head, from: upstreamInbound, outbound: outbound, dumpPrefix: dumpPrefix) {
                    responseStarted = true
                }
            }
        } catch is RequestTooLarge {
            UpstreamRequestHead.wipe(&requestHead)
            if !responseStarted {
                try await respond(to: head, status: .payloadTooLarge, body: ProxyErrorBody.requestTooLarge(limit: limit), outbound: outbound, close: true)
            }
            return .close
        } catch {
            UpstreamRequestHead.wipe(&requestHead)
            let failure = classify(error)
            logger.error("forwarding error", metadata: ["error": "\(failure)"])
            if !responseStarted {
                try await respond(to: head, status: failure.isTimeout ? .gatewayTimeout : .badGateway, body: ProxyErrorBody.upstreamFailure(failure), outbound: outbound, close: true)
            }
            return .close
        }
        UpstreamRequestHead.wipe(&requestHead)
        return continuation
    }

    /// Mirrors the upstream response to the client, flushing each body chunk as it arrives.
    private func relayResponse(
        to request: HTTPRequestHead,
        from upstreamInbound: NIOAsyncChannelInboundStream<HTTPClientResponsePart>,
        outbound: ClientOutbound,
        dumpPrefix: String?,
        started: () -> Void
    ) async throws -> Continuation {
        var responses = upstreamInbound.makeAsyncIterator()
        guard case .head(let responseHead)? = try await responses.next() else { throw UpstreamClosed() }
        let upstreamHeaders = responseHead.headers.map { (name: $0.name, value: $0.value) }
        var headers = HTTPHeaders(ForwardedHeaders.clientResponse(upstreamHeaders).map { ($0.name, $0.value) })
        if let length = responseHead.headers.first(name: "content-length") { headers.add(name: "content-length", value: length) }
        let keepAlive = request.isKeepAlive
        if !keepAlive { headers.add(name: "connection", value: "close") }
        started()
        try await outbound.write(.head(HTTPResponseHead(version: request.version, status: responseHead.status, headers: headers)))
        var responseBody = dumpPrefix == nil ? nil : Data()
        while let part = try await responses.next() {
            switch part {
            case .head:
                throw UpstreamClosed()
            case .body(let chunk):
                responseBody?.append(contentsOf: chunk.readableBytesView)
                try await outbound.write(.body(.byteBuffer(chunk)))
            case .end:
                try await outbound.write(.end(nil))
                if let dumpPrefix, let responseBody {
                    dump { try $0.writeResponse(prefix: dumpPrefix, status: Int(responseHead.status.code), headers: upstreamHeaders, body: responseBody) }
                }
                return keepAlive ? .keepOpen : .close
            }
        }
        throw UpstreamClosed()
    }

    private func connectUpstream() async throws -> NIOAsyncChannel<HTTPClientResponsePart, HTTPClientRequestPart> {
        let endpoint = configuration.upstream
        let tlsContext = self.tlsContext
        let idle = TimeAmount(configuration.idleTimeout)
        let serverHostname = endpoint.host.contains(":") || endpoint.host.allSatisfy({ $0.isNumber || $0 == "." }) ? nil : endpoint.host
        return try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connectTimeout(TimeAmount(configuration.connectTimeout))
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .connect(host: endpoint.host, port: endpoint.port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    let pipeline = channel.pipeline.syncOperations
                    if let tlsContext {
                        try pipeline.addHandler(NIOSSLClientHandler(context: tlsContext, serverHostname: serverHostname))
                    }
                    try pipeline.addHandler(UpstreamRequestWriter())
                    try pipeline.addHandler(ByteToMessageHandler(HTTPResponseDecoder(leftOverBytesStrategy: .dropBytes)))
                    try pipeline.addHandler(IdleStateHandler(allTimeout: idle))
                    try pipeline.addHandler(UpstreamIdleTimeoutHandler())
                    return try NIOAsyncChannel<HTTPClientResponsePart, HTTPClientRequestPart>(wrappingChannelSynchronously: channel)
                }
            }
    }

    /// Maps a connect, I/O or parse failure to the proxy error the client sees.
    private func classify(_ error: any Error) -> ResponsesProxyError {
        switch error {
        case let error as ResponsesProxyError:
            return error
        case is UpstreamIdleTimeout:
            return .upstreamTimeout(reason: "no bytes for \(configuration.idleTimeout)")
        case ChannelError.connectTimeout:
            return .upstreamTimeout(reason: "no connection within \(configuration.connectTimeout)")
        case is UpstreamClosed:
            return .upstreamUnreachable(reason: "the connection closed before the response ended")
        case let error as HTTPParserError:
            return .upstreamProtocol(reason: "\(error)")
        default:
            return .upstreamUnreachable(reason: "\(error)")
        }
    }

    private func dump(_ write: (ExchangeDumper) throws -> Void) {
        guard let dumper else { return }
        do {
            try write(dumper)
        } catch {
            logger.warning("dump failed", metadata: ["error": "\(error)"])
        }
    }
}

extension TimeAmount {
    /// The amount for a Swift `Duration`, to nanosecond precision.
    init(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        self = .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}
