import NIOCore
import NIOPosix
import Synchronization

/// A TCP listener on 127.0.0.1 that accepts every connection, records what arrives and answers nothing (it closes a
/// connection once an HTTP request head has arrived): the attacker's server in tests that prove nothing — no
/// sandboxed test, no redirected push — reaches it.
public final class ConnectionRecorder: Sendable {
    /// The bound port.
    public let port: Int
    private let channel: any Channel
    private let box: StateBox

    private init(port: Int, channel: any Channel, box: StateBox) {
        self.port = port
        self.channel = channel
        self.box = box
    }

    /// Starts listening on a port the system picks.
    /// - Throws: whatever NIO throws when it cannot bind.
    public static func start() async throws -> ConnectionRecorder {
        let box = StateBox()
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .childChannelInitializer { child in
                child.eventLoop.makeCompletedFuture { try child.pipeline.syncOperations.addHandler(RecordingHandler(box: box)) }
            }
            .bind(host: "127.0.0.1", port: 0)
            .get()
        return ConnectionRecorder(port: channel.localAddress?.port ?? 0, channel: channel, box: box)
    }

    /// Connections accepted so far.
    public var connections: Int { box.state.withLock { $0.connections } }

    /// Everything received so far, over all connections, as text.
    public var received: String { box.state.withLock { String(decoding: $0.bytes, as: UTF8.self) } }

    /// Closes the listener.
    public func stop() async {
        try? await channel.close()
    }

    /// Where the handlers record; shared with the recorder once it exists.
    private final class StateBox: Sendable {
        let state = Mutex<(connections: Int, bytes: [UInt8])>((0, []))
    }

    private final class RecordingHandler: ChannelInboundHandler, Sendable {
        typealias InboundIn = ByteBuffer
        let box: StateBox
        init(box: StateBox) { self.box = box }

        func channelActive(context: ChannelHandlerContext) {
            box.state.withLock { $0.connections += 1 }
            context.fireChannelActive()
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            let bytes = Array(buffer: unwrapInboundIn(data))
            let headComplete = box.state.withLock { state in
                state.bytes += bytes
                return String(decoding: state.bytes, as: UTF8.self).contains("\r\n\r\n")
            }
            // An HTTP client (git) gets its connection closed after the request head instead of waiting for an answer.
            if headComplete { context.close(promise: nil) }
        }
    }
}
