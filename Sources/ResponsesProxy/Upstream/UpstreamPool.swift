import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL
import Synchronization

/// Keep-alive connections to the one upstream, and how new ones are opened.
///
/// The upstream host is resolved once (at startup, and again after a connect fails) and connections go straight
/// to the resolved address. A connection returns to the pool only when the caller says its response was fully
/// read with known framing; at most `maxIdle` connections wait, each for at most `idleTimeout`, and a parked
/// connection that closes or sends anything leaves the pool.
final class UpstreamPool: Sendable {
    private struct State {
        var idle: [UpstreamConnection] = []
        var addresses: [SocketAddress]?
        var isShutDown = false
    }

    private let endpoint: UpstreamEndpoint
    private let tlsContext: NIOSSLContext?
    private let connectTimeout: TimeAmount
    private let ioTimeout: TimeAmount
    private let maxIdle: Int
    private let idleTimeout: TimeAmount
    private let state: Mutex<State>

    /// A pool for `endpoint`; resolves its host now, or on first use when that fails.
    /// - Parameters:
    ///   - endpoint: The upstream.
    ///   - tlsContext: The TLS context for an https upstream.
    ///   - connectTimeout: How long a connect may take.
    ///   - ioTimeout: How long a connection in use may be silent.
    ///   - maxIdle: The most connections kept open between requests; 0 disables reuse.
    ///   - idleTimeout: How long a connection waits in the pool.
    init(endpoint: UpstreamEndpoint, tlsContext: NIOSSLContext?, connectTimeout: TimeAmount, ioTimeout: TimeAmount, maxIdle: Int, idleTimeout: TimeAmount) {
        self.endpoint = endpoint
        self.tlsContext = tlsContext
        self.connectTimeout = connectTimeout
        self.ioTimeout = ioTimeout
        self.maxIdle = maxIdle
        self.idleTimeout = idleTimeout
        state = Mutex(State(addresses: try? UpstreamAddressResolver.resolve(host: endpoint.host, port: endpoint.port)))
    }

    /// Whether responses may leave connections open (the request head then omits `Connection: close`).
    var reusesConnections: Bool { maxIdle > 0 }

    /// An idle connection, preferring one on `eventLoop`, else a new connection on `eventLoop`.
    /// - Throws: When the host does not resolve or no address accepts a connection in time.
    func lease(on eventLoop: any EventLoop) async throws -> UpstreamConnection {
        if let reused = leaseIdle(on: eventLoop) { return reused }
        return try await connect(on: eventLoop)
    }

    /// An idle connection, preferring one on `eventLoop`, or `nil` when none waits.
    func leaseIdle(on eventLoop: any EventLoop) -> UpstreamConnection? {
        state.withLock { state -> UpstreamConnection? in
            state.idle.removeAll { !$0.channel.isActive }
            let index = state.idle.lastIndex { $0.channel.eventLoop === eventLoop } ?? state.idle.indices.last
            return index.map { state.idle.remove(at: $0) }
        }
    }

    /// Takes a connection back after a fully read response; closes it when the pool is full or shut down.
    func release(_ connection: UpstreamConnection) {
        let kept = state.withLock { state -> Bool in
            guard !state.isShutDown, connection.channel.isActive, state.idle.count < maxIdle else { return false }
            state.idle.append(connection)
            return true
        }
        if kept {
            connection.park(timeout: idleTimeout)
        } else {
            connection.channel.close(promise: nil)
        }
    }

    /// Closes every idle connection and keeps no more.
    func shutDown() {
        let idle = state.withLock { state in
            state.isShutDown = true
            defer { state.idle.removeAll() }
            return state.idle
        }
        for connection in idle { connection.channel.close(promise: nil) }
    }

    private func forget(_ connection: UpstreamConnection) {
        state.withLock { $0.idle.removeAll { $0 === connection } }
    }

    private func connect(on eventLoop: any EventLoop) async throws -> UpstreamConnection {
        let cached = state.withLock { $0.addresses }
        let addresses = try cached ?? UpstreamAddressResolver.resolve(host: endpoint.host, port: endpoint.port)
        if cached == nil { state.withLock { $0.addresses = addresses } }
        var lastError: (any Error)?
        for address in addresses {
            do {
                let connection = try await connect(to: address, on: eventLoop)
                connection.channel.closeFuture.whenComplete { [weak self] _ in self?.forget(connection) }
                return connection
            } catch {
                lastError = error
            }
        }
        // Resolve again next time: the name may point elsewhere now.
        state.withLock { $0.addresses = nil }
        throw lastError ?? UpstreamClosed()
    }

    private func connect(to address: SocketAddress, on eventLoop: any EventLoop) async throws -> UpstreamConnection {
        let tlsContext = self.tlsContext
        let ioTimeout = self.ioTimeout
        let host = endpoint.host
        let serverHostname = host.contains(":") || host.allSatisfy({ $0.isNumber || $0 == "." }) ? nil : host
        return try await ClientBootstrap(group: eventLoop)
            .connectTimeout(connectTimeout)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .connect(to: address) { channel in
                channel.eventLoop.makeCompletedFuture {
                    let pipeline = channel.pipeline.syncOperations
                    if let tlsContext {
                        try pipeline.addHandler(NIOSSLClientHandler(context: tlsContext, serverHostname: serverHostname))
                    }
                    let relay = UpstreamRelayHandler()
                    try pipeline.addHandler(UpstreamRequestWriter())
                    try pipeline.addHandler(ByteToMessageHandler(HTTPResponseDecoder(leftOverBytesStrategy: .dropBytes)))
                    try pipeline.addHandler(IdleStateHandler(allTimeout: ioTimeout))
                    try pipeline.addHandler(relay)
                    return UpstreamConnection(channel: channel, handler: NIOLoopBound(relay, eventLoop: channel.eventLoop))
                }
            }
    }
}
