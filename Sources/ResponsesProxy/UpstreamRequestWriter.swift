import NIOCore
import NIOHTTP1

/// The outbound end of the upstream pipeline: passes raw bytes to the socket.
///
/// NIO's `HTTPResponseDecoder` must observe a request `.head` to pair each response with its request method, and
/// it sits between the writer and this handler, so the proxy writes `HTTPClientRequestPart`s: a `.head` that only
/// tells the decoder "a POST went out" (it carries no headers and is not sent), then `.body` parts holding the raw
/// head from ``UpstreamRequestHead`` and the framed body bytes, which go to the socket unchanged; `.end` sends
/// nothing, because the body framing is already in the bytes.
final class UpstreamRequestWriter: ChannelOutboundHandler {
    typealias OutboundIn = HTTPClientRequestPart
    typealias OutboundOut = IOData

    /// The `.head` the decoder observes.
    static let marker = HTTPRequestHead(version: .http1_1, method: .POST, uri: "/")

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        switch unwrapOutboundIn(data) {
        case .head, .end:
            promise?.succeed(())
        case .body(let bytes):
            context.write(wrapOutboundOut(bytes), promise: promise)
        }
    }
}
