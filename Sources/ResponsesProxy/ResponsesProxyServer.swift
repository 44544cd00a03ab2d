import Foundation
public import Hardening
public import Logging
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL

/// The strict `POST /v1/responses` forwarder behind `warden responses-proxy`.
///
/// It listens on 127.0.0.1 only. Each forwarded request leases an upstream connection from a keep-alive
/// ``UpstreamPool`` (reused only after a response read to its framed end); its head is written as raw bytes with
/// `Authorization` copied from the locked buffer and wiped once written; the request body streams up as it
/// arrives and every upstream body chunk is written and flushed to the client at once, from the upstream's event
/// loop, so SSE events are never held back.
public struct ResponsesProxyServer: Sendable {
    private let configuration: ResponsesProxyConfiguration
    private let authorization: LockedSecretBuffer
    private let logger: Logger
    private let dumper: ExchangeDumper?
    private let pool: UpstreamPool

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
        let tlsContext = configuration.upstream.usesTLS ? try NIOSSLContext(configuration: .makeClientConfiguration()) : nil
        dumper = try configuration.dumpDirectory.map { try ExchangeDumper(directory: $0) }
        pool = UpstreamPool(
            endpoint: configuration.upstream,
            tlsContext: tlsContext,
            connectTimeout: TimeAmount(configuration.connectTimeout),
            ioTimeout: TimeAmount(configuration.idleTimeout),
            maxIdle: configuration.maxIdleUpstreamConnections,
            idleTimeout: TimeAmount(configuration.upstreamKeepAlive)
        )
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
        defer { pool.shutDown() }
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
        let client = connection.channel
        do {
            try await connection.executeThenClose { inbound, _ in
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
                        try await respond(to: head, status: .forbidden, body: nil, client: client, close: true)
                        return
                    case .shutdown:
                        try await respond(to: head, status: .ok, body: nil, client: client, close: true)
                        shutdown.yield()
                        return
                    case .forward:
                        if try await forward(head, requests: &requests, client: client) == .close { return }
                    }
                }
            }
        } catch {
            logger.debug("client connection ended", metadata: ["reason": "\(type(of: error))"])
        }
    }

    /// Writes a whole response straight to the client channel (the relay writes there too, never through the
    /// async writer, so the two cannot reorder).
    private func respond(
        to request: HTTPRequestHead,
        status: HTTPResponseStatus,
        body: Data?,
        client: any Channel,
        close: Bool
    ) async throws {
        var headers = HTTPHeaders()
        if body != nil { headers.add(name: "content-type", value: "application/json") }
        headers.add(name: "content-length", value: String(body?.count ?? 0))
        if close { headers.add(name: "connection", value: "close") }
        client.write(HTTPServerResponsePart.head(HTTPResponseHead(version: request.version, status: status, headers: headers)), promise: nil)
        if let body, !body.isEmpty { client.write(HTTPServerResponsePart.body(.byteBuffer(ByteBuffer(bytes: body))), promise: nil) }
        try await client.writeAndFlush(HTTPServerResponsePart.end(nil))
    }

    // MARK: Forwarding

    /// The request body grew past the limit while streaming.
    private struct RequestTooLarge: Error {}

    private func forward(_ head: HTTPRequestHead, requests: inout ClientRequests, client: any Channel) async throws -> Continuation {
        let limit = configuration.maxRequestBodyBytes
        let clientHeaders = head.headers.map { (name: $0.name, value: $0.value) }
        let isChunked = head.headers[canonicalForm: "transfer-encoding"].contains { $0.lowercased() == "chunked" }
        let contentLength = isChunked ? nil : head.headers.first(name: "content-length").flatMap { Int($0) } ?? 0
        if let contentLength, contentLength > limit {
            try await respond(to: head, status: .payloadTooLarge, body: ProxyErrorBody.requestTooLarge(limit: limit), client: client, close: true)
            return .close
        }
        if head.headers[canonicalForm: "expect"].contains(where: { $0.lowercased() == "100-continue" }) {
            try await client.writeAndFlush(HTTPServerResponsePart.head(HTTPResponseHead(version: head.version, status: .continue)))
        }
        let forwarded = ForwardedHeaders.upstreamRequest(clientHeaders)
        let dumpPrefix = dumper?.nextPrefix()

        let upstream: UpstreamConnection
        do {
            upstream = try await pool.lease(on: client.eventLoop)
        } catch {
            let failure = classify(error)
            logger.error("forwarding error", metadata: ["error": "\(failure)"])
            try await respond(to: head, status: failure.isTimeout ? .gatewayTimeout : .badGateway, body: ProxyErrorBody.upstreamFailure(failure), client: client, close: true)
            return .close
        }
        let channel = upstream.channel

        var requestHead = UpstreamRequestHead.encode(
            endpoint: configuration.upstream,
            authorization: authorization,
            headers: forwarded,
            contentLength: contentLength,
            keepAlive: pool.reusesConnections,
            allocator: channel.allocator
        )
        let relayed = upstream.relay(to: client, request: head, dumping: dumpPrefix != nil)
        let outcome: UpstreamRelayOutcome
        do {
            channel.write(HTTPClientRequestPart.head(UpstreamRequestWriter.marker), promise: nil)
            let headWritten = channel.eventLoop.makePromise(of: Void.self)
            channel.writeAndFlush(HTTPClientRequestPart.body(.byteBuffer(requestHead)), promise: headWritten)
            try await sendBody(of: head, requests: &requests, to: channel, isChunked: isChunked, dumpPrefix: dumpPrefix, forwarded: forwarded)
            try await headWritten.futureResult.get()
            // The write completed, so the channel holds no reference to the head any more: wipe it in place.
            UpstreamRequestHead.wipe(&requestHead)
            outcome = try await relayed.get()
        } catch {
            try? await channel.close()
            UpstreamRequestHead.wipe(&requestHead)
            let started: Bool
            do {
                _ = try await relayed.get()
                started = true
            } catch {
                started = (error as? UpstreamRelayFailure)?.responseStarted ?? false
            }
            if error is RequestTooLarge {
                if !started {
                    try await respond(to: head, status: .payloadTooLarge, body: ProxyErrorBody.requestTooLarge(limit: limit), client: client, close: true)
                }
                return .close
            }
            let failure = classify(error)
            logger.error("forwarding error", metadata: ["error": "\(failure)"])
            if !started {
                try await respond(to: head, status: failure.isTimeout ? .gatewayTimeout : .badGateway, body: ProxyErrorBody.upstreamFailure(failure), client: client, close: true)
            }
            return .close
        }
        if outcome.reusable && pool.reusesConnections {
            pool.release(upstream)
        } else {
            channel.close(promise: nil)
        }
        if let dumpPrefix {
            dump {
                try $0.writeResponse(
                    prefix: dumpPrefix,
                    status: Int(outcome.status.code),
                    headers: outcome.headers,
                    body: outcome.body.map { Data($0.readableBytesView) } ?? Data()
                )
            }
        }
        return head.isKeepAlive ? .keepOpen : .close
    }

    /// Streams the client's request body to the upstream, re-framed as chunked when the client sent it chunked,
    /// and dumps the request once the body has ended.
    private func sendBody(
        of head: HTTPRequestHead,
        requests: inout ClientRequests,
        to channel: any Channel,
        isChunked: Bool,
        dumpPrefix: String?,
        forwarded: [(name: String, value: String)]
    ) async throws {
        let limit = configuration.maxRequestBodyBytes
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
                    var size = channel.allocator.buffer(capacity: 12)
                    size.writeString(String(chunk.readableBytes, radix: 16) + "\r\n")
                    channel.write(HTTPClientRequestPart.body(.byteBuffer(size)), promise: nil)
                    channel.write(HTTPClientRequestPart.body(.byteBuffer(chunk)), promise: nil)
                    try await send(ByteBuffer(string: "\r\n"), to: channel)
                } else {
                    try await send(chunk, to: channel)
                }
            case .end:
                if isChunked { try await send(ByteBuffer(string: "0\r\n\r\n"), to: channel) }
                break bodyLoop
            }
        }
        if let dumpPrefix, let requestBody {
            dump {
                let headers = [(name: "host", value: configuration.upstream.hostHeader), (name: "authorization", value: "[REDACTED]")] + forwarded
                try $0.writeRequest(prefix: dumpPrefix, method: "POST", url: configuration.upstream.url, headers: headers, body: requestBody)
            }
        }
    }

    /// Writes and flushes request body bytes upstream, waiting for the write only while the upstream socket is
    /// full (backpressure); a failed write also fails the relay, which the caller awaits.
    private func send(_ bytes: ByteBuffer, to channel: any Channel) async throws {
        if channel.isWritable {
            channel.writeAndFlush(HTTPClientRequestPart.body(.byteBuffer(bytes)), promise: nil)
        } else {
            try await channel.writeAndFlush(HTTPClientRequestPart.body(.byteBuffer(bytes)))
        }
    }

    /// Maps a connect, I/O or parse failure to the proxy error the client sees.
    private func classify(_ error: any Error) -> ResponsesProxyError {
        switch error {
        case let failure as UpstreamRelayFailure:
            return classify(failure.underlying)
        case let error as ResponsesProxyError:
            return error
        case is UpstreamIdleTimeout:
            return .upstreamTimeout(reason: "no bytes for \(configuration.idleTimeout)")
        case ChannelError.connectTimeout:
            return .upstreamTimeout(reason: "no connection within \(configuration.connectTimeout)")
        case is UpstreamClosed:
            return .upstreamUnreachable(reason: "the connection closed before the response ended")
        case is ClientGone:
            return .upstreamUnreachable(reason: "the client closed its connection mid-response")
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
