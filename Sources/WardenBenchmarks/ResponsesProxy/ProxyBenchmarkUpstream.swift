import NIOCore
import NIOHTTP1
import NIOPosix

/// The local upstream of ``ResponsesProxyBenchmark``: answers every POST with a small SSE stream at full speed, or,
/// when the request carries `x-bench-slow: 1`, with events spaced `slowDelay` apart.
struct ProxyBenchmarkUpstream: Sendable {
    /// One small Responses-API-like event.
    static func event(_ index: Int) -> String {
        "event: response.output_text.delta\ndata: {\"type\":\"response.output_text.delta\",\"delta\":\"token \(index)\"}\n\n"
    }

    /// Events in every fast response, sent in one write.
    let fastEvents: Int
    /// Events in a slow response.
    let slowEvents: Int
    /// The pause between two events of a slow response.
    let slowDelay: Duration

    /// Binds 127.0.0.1 on an ephemeral port and serves until the task is cancelled.
    func run(onListening: @Sendable (Int) async -> Void) async throws {
        let server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.backlog, value: 256)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .bind(host: "127.0.0.1", port: 0) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    return try NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>(wrappingChannelSynchronously: channel)
                }
            }
        await onListening(server.channel.localAddress?.port ?? 0)
        // Closing the listener on cancellation ends the accept loop; open connections are closed with it below.
        try await withTaskCancellationHandler {
            try await withThrowingDiscardingTaskGroup { group in
                try await server.executeThenClose { connections in
                    for try await connection in connections {
                        group.addTask {
                            try? await withTaskCancellationHandler {
                                try await serve(connection)
                            } onCancel: {
                                connection.channel.close(promise: nil)
                            }
                        }
                    }
                }
            }
        } onCancel: {
            server.channel.close(promise: nil)
        }
    }

    private func serve(_ connection: NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>) async throws {
        try await connection.executeThenClose { inbound, outbound in
            var slow = false
            for try await part in inbound {
                switch part {
                case .head(let head):
                    slow = head.headers.first(name: "x-bench-slow") == "1"
                case .body:
                    break
                case .end:
                    let headers: HTTPHeaders = ["content-type": "text/event-stream", "cache-control": "no-cache"]
                    try await outbound.write(.head(HTTPResponseHead(version: .http1_1, status: .ok, headers: headers)))
                    if slow {
                        for index in 0..<slowEvents {
                            if index > 0 { try await Task.sleep(for: slowDelay) }
                            try await outbound.write(.body(.byteBuffer(ByteBuffer(string: Self.event(index)))))
                        }
                    } else {
                        let body = (0..<fastEvents).map(Self.event).joined()
                        try await outbound.write(.body(.byteBuffer(ByteBuffer(string: body))))
                    }
                    try await outbound.write(.end(nil))
                }
            }
        }
    }
}
