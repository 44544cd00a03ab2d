import Foundation
import NIOCore
import NIOPosix
import Synchronization

/// An HTTP forward proxy on 127.0.0.1 that records every request it is asked to forward, as squid would log it:
/// `CONNECT host:port` tunnels, and absolute-form requests (`GET http://host:port/path`) sent on to the origin in
/// origin form with `Connection: close`. With ``allowedAuthorities`` set, any other destination gets `403`, so a
/// test proves both that traffic went through the proxy and that the proxy's allowlist decides. Names in `hosts`
/// resolve to the given address, as a proxy's own DNS would for names its clients cannot resolve.
public final class ForwardProxy: Sendable {
    /// One request the proxy received.
    public struct Entry: Sendable, Equatable {
        /// `CONNECT`, `GET`, `POST`, …
        public var method: String
        /// `host:port` of the destination.
        public var authority: String
        /// The origin-form path (`/api/v4/user`), or `nil` for `CONNECT`.
        public var path: String?
        /// Whether it was forwarded (`false`: refused with 403).
        public var allowed: Bool
    }

    /// The bound port.
    public let port: Int
    /// `http://127.0.0.1:<port>`.
    public var url: String { "http://127.0.0.1:\(port)" }
    private let channel: any Channel
    private let log: Log

    /// Starts listening on a port the system picks.
    ///
    /// - Parameters:
    ///   - allowedAuthorities: the `host:port` destinations forwarded; `nil` forwards everything.
    ///   - hosts: names the proxy resolves itself, to addresses.
    /// - Throws: whatever NIO throws when it cannot bind.
    public static func start(allowedAuthorities: Set<String>? = nil, hosts: [String: String] = [:]) async throws -> ForwardProxy {
        let log = Log(allowed: allowedAuthorities)
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .childChannelInitializer { child in
                child.eventLoop.makeCompletedFuture {
                    try child.pipeline.syncOperations.addHandler(RequestHeadHandler(log: log, hosts: hosts))
                }
            }
            .bind(host: "127.0.0.1", port: 0)
            .get()
        return ForwardProxy(port: channel.localAddress?.port ?? 0, channel: channel, log: log)
    }

    private init(port: Int, channel: any Channel, log: Log) {
        self.port = port
        self.channel = channel
        self.log = log
    }

    /// Every request so far, in arrival order.
    public var entries: [Entry] { log.entries.withLock { $0 } }

    /// Changes the destinations forwarded from now on (`nil`: everything), as an operator reconfiguring the proxy.
    public func allow(_ authorities: Set<String>?) {
        log.allowed.withLock { $0 = authorities }
    }

    /// Closes the listener.
    public func stop() async {
        try? await channel.close()
    }

    private final class Log: Sendable {
        let entries = Mutex<[Entry]>([])
        let allowed: Mutex<Set<String>?>
        init(allowed: Set<String>?) { self.allowed = Mutex(allowed) }
    }

    /// Reads one request head, decides, and hands the connection over to a byte pipe to the origin.
    private final class RequestHeadHandler: ChannelInboundHandler, RemovableChannelHandler {
        typealias InboundIn = ByteBuffer
        typealias OutboundOut = ByteBuffer
        let log: Log
        let hosts: [String: String]
        var buffered: ByteBuffer?
        var decided = false

        init(log: Log, hosts: [String: String]) {
            self.log = log
            self.hosts = hosts
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            var incoming = unwrapInboundIn(data)
            if decided {
                buffered?.writeBuffer(&incoming)
                return
            }
            if buffered == nil { buffered = incoming } else { buffered!.writeBuffer(&incoming) }
            guard let all = buffered, let end = all.readableBytesView.firstRange(of: Array("\r\n\r\n".utf8)) else { return }
            decided = true
            let headLength = end.upperBound - all.readableBytesView.startIndex
            var rest = all
            let head = rest.readString(length: headLength) ?? ""
            buffered = rest
            handle(head: head, context: context)
        }

        private func handle(head: String, context: ChannelHandlerContext) {
            var lines = head.components(separatedBy: "\r\n").filter { !$0.isEmpty }
            let requestLine = lines.isEmpty ? [] : lines.removeFirst().split(separator: " ").map(String.init)
            guard requestLine.count == 3, let target = Self.target(method: requestLine[0], uri: requestLine[1]) else {
                return refuse(context: context, status: "400 Bad Request")
            }
            let isAllowed = log.allowed.withLock { $0.map { $0.contains(target.authority) } ?? true }
            log.entries.withLock {
                $0.append(Entry(method: requestLine[0], authority: target.authority, path: target.path, allowed: isAllowed))
            }
            guard isAllowed else { return refuse(context: context, status: "403 Forbidden") }
            var prefix = ByteBuffer()
            if let path = target.path {
                let kept = lines.filter { line in
                    let name = line.split(separator: ":", maxSplits: 1).first?.lowercased() ?? ""
                    return name != "connection" && name != "proxy-connection" && name != "keep-alive"
                }
                prefix.writeString(([requestLine[0] + " " + path + " " + requestLine[2]] + kept + ["Connection: close", "", ""]).joined(separator: "\r\n"))
            }
            connect(to: target, prefix: prefix, isTunnel: target.path == nil, context: context)
        }

        /// `host:port` and the origin-form path (none for a tunnel), or `nil` for a target a proxy does not take.
        static func target(method: String, uri: String) -> (authority: String, host: String, port: Int, path: String?)? {
            if method == "CONNECT" {
                guard let colon = uri.lastIndex(of: ":"), let port = Int(uri[uri.index(after: colon)...]) else { return nil }
                return (uri, String(uri[..<colon]), port, nil)
            }
            guard uri.hasPrefix("http://") else { return nil }
            let afterScheme = uri.dropFirst("http://".count)
            let slash = afterScheme.firstIndex(of: "/") ?? afterScheme.endIndex
            let authority = String(afterScheme[..<slash])
            let path = slash == afterScheme.endIndex ? "/" : String(afterScheme[slash...])
            let parts = authority.split(separator: ":")
            let port = parts.count == 2 ? Int(parts[1]) ?? 80 : 80
            return (parts.count == 2 ? authority : authority + ":80", String(parts[0]), port, path)
        }

        private func refuse(context: ChannelHandlerContext, status: String) {
            let response = "HTTP/1.1 \(status)\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            let channel = context.channel
            context.writeAndFlush(wrapOutboundOut(ByteBuffer(string: response))).whenComplete { _ in channel.close(promise: nil) }
        }

        private func connect(
            to target: (authority: String, host: String, port: Int, path: String?), prefix: ByteBuffer, isTunnel: Bool, context: ChannelHandlerContext
        ) {
            let client = context.channel
            let loopBound = NIOLoopBound(context, eventLoop: context.eventLoop)
            let handler = NIOLoopBound(self, eventLoop: context.eventLoop)
            ClientBootstrap(group: context.eventLoop)
                .connect(host: hosts[target.host] ?? target.host, port: target.port)
                .whenComplete { result in
                    let context = loopBound.value
                    switch result {
                    case .failure:
                        handler.value.refuse(context: context, status: "502 Bad Gateway")
                    case .success(let origin):
                        handler.value.join(client: client, origin: origin, prefix: prefix, isTunnel: isTunnel, context: context)
                    }
                }
        }

        private func join(client: any Channel, origin: any Channel, prefix: ByteBuffer, isTunnel: Bool, context: ChannelHandlerContext) {
            if isTunnel {
                context.writeAndFlush(wrapOutboundOut(ByteBuffer(string: "HTTP/1.1 200 Connection established\r\n\r\n")), promise: nil)
            }
            var first = prefix
            if var rest = buffered { first.writeBuffer(&rest) }
            buffered = nil
            let toOrigin = Pipe()
            let toClient = Pipe()
            toOrigin.partner = toClient
            toClient.partner = toOrigin
            do {
                try origin.pipeline.syncOperations.addHandler(toClient)
                try client.pipeline.syncOperations.addHandler(toOrigin)
            } catch {
                client.close(promise: nil)
                origin.close(promise: nil)
                return
            }
            if first.readableBytes > 0 { origin.writeAndFlush(first, promise: nil) }
            context.pipeline.syncOperations.removeHandler(self, promise: nil)
        }
    }

    /// One side of a joined pair (both channels share one event loop): what its channel reads is written to the
    /// partner's channel; when one closes, so does the other.
    private final class Pipe: ChannelInboundHandler {
        typealias InboundIn = ByteBuffer
        var partner: Pipe?
        var context: ChannelHandlerContext?

        func handlerAdded(context: ChannelHandlerContext) {
            self.context = context
        }

        func handlerRemoved(context: ChannelHandlerContext) {
            self.context = nil
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            partner?.context?.writeAndFlush(data, promise: nil)
        }

        func channelInactive(context: ChannelHandlerContext) {
            partner?.context?.close(promise: nil)
            partner = nil
        }
    }
}
