import Foundation
public import Hardening
public import Logging
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL

/// The strict `POST /v1/responses` forwarder behind `warden responses-proxy`.
///
/// It listens on 127.0.0.1 only. Each client connection is served on its event loop by a
/// ``ClientConnectionHandler``: a forwarded request leases an upstream connection from a keep-alive
/// ``UpstreamPool`` (reused only after a response read to its framed end); its head is written as raw bytes with
/// `Authorization` copied from the locked buffer and wiped once written; the request body streams up as it
/// arrives and every upstream body chunk is written and flushed to the client at once, so SSE events are never
/// held back.
public struct ResponsesProxyServer: Sendable {
    /// Port, upstream and limits.
    let configuration: ResponsesProxyConfiguration
    /// `Bearer <key>` in its locked buffer; only ever copied into upstream request head bytes.
    let authorization: LockedSecretBuffer
    /// Where failures are logged.
    let logger: Logger
    /// Writes exchange dumps, with `--dump-dir`.
    let dumper: ExchangeDumper?
    /// The keep-alive upstream connections.
    let pool: UpstreamPool

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
        let (shutdownRequests, shutdown) = AsyncStream<Void>.makeStream()
        let server = self
        let listener: any Channel
        do {
            listener = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .serverChannelOption(.backlog, value: 256)
                .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
                .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
                .childChannelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
                        try channel.pipeline.syncOperations.addHandler(ClientConnectionHandler(server: server, shutdown: shutdown))
                    }
                }
                .bind(host: "127.0.0.1", port: configuration.port)
                .get()
        } catch {
            throw ResponsesProxyError.bindFailed(port: configuration.port, reason: "\(error)")
        }
        defer { pool.shutDown() }
        do {
            try await onListening(listener.localAddress?.port ?? configuration.port)
        } catch {
            try? await listener.close()
            throw error
        }
        await withTaskCancellationHandler {
            for await _ in shutdownRequests { break }
        } onCancel: {
            shutdown.finish()
        }
        try? await listener.close()
    }

    /// Maps a connect, I/O or parse failure to the proxy error the client sees.
    func classify(_ error: any Error) -> ResponsesProxyError {
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

    func dump(_ write: (ExchangeDumper) throws -> Void) {
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
