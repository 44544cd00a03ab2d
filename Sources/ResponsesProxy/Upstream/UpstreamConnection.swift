import NIOCore
import NIOHTTP1

/// One HTTP/1.1 connection to the upstream: the channel and its ``UpstreamRelayHandler``.
///
/// A connection is held by one forwarded request at a time; the ``UpstreamPool`` hands it out and takes it back.
final class UpstreamConnection: Sendable {
    /// The upstream channel; request parts are written to it.
    let channel: any Channel
    private let handler: NIOLoopBound<UpstreamRelayHandler>

    /// Wraps a channel whose pipeline ends with `handler`.
    init(channel: any Channel, handler: NIOLoopBound<UpstreamRelayHandler>) {
        self.channel = channel
        self.handler = handler
    }

    /// Starts relaying the next response to `client`; call before writing the request.
    /// - Parameters:
    ///   - client: The client channel.
    ///   - request: The client's request head.
    ///   - dumping: Whether to keep the response body for a dump.
    /// - Returns: Succeeds once the response has been relayed; fails with ``UpstreamRelayFailure``.
    func relay(to client: any Channel, request: HTTPRequestHead, dumping: Bool) -> EventLoopFuture<UpstreamRelayOutcome> {
        let promise = channel.eventLoop.makePromise(of: UpstreamRelayOutcome.self)
        let handler = self.handler
        if channel.eventLoop.inEventLoop {
            handler.value.begin(client: client, request: request, dumping: dumping, promise: promise)
        } else {
            channel.eventLoop.execute {
                handler.value.begin(client: client, request: request, dumping: dumping, promise: promise)
            }
        }
        return promise.futureResult
    }

    /// Lets the connection idle in the pool, closing it after `timeout` unless it is leased again.
    func park(timeout: TimeAmount) {
        let handler = self.handler
        if channel.eventLoop.inEventLoop {
            handler.value.park(timeout: timeout)
        } else {
            channel.eventLoop.execute { handler.value.park(timeout: timeout) }
        }
    }
}
