import Foundation
import Testing

/// `warden responses-proxy` keeps upstream connections open between requests, and only ones it may reuse.
@Suite("warden responses-proxy upstream connection reuse")
struct UpstreamPoolingTests {
    static let request = "POST /v1/responses HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: 2\r\n\r\n{}"
    static let body = KeepAliveUpstream.events.joined()

    @Test("two sequential requests share one upstream connection", arguments: [KeepAliveUpstream.Mode.contentLength, .chunked])
    func reusesConnection(_ mode: KeepAliveUpstream.Mode) async throws {
        let upstream = try KeepAliveUpstream(mode: mode)
        defer { upstream.stop() }
        let proxy = try await ProxyProcess.start(key: ResponsesProxyTests.key, upstreamPort: upstream.port)
        defer { proxy.stop() }
        for _ in 0..<3 {
            let response = try rawExchange(port: proxy.port, request: Self.request)
            #expect(statusCode(of: response) == 200)
            #expect(Self.decodedBody(of: response) == Self.body)
        }
        #expect(upstream.requests == 3)
        #expect(upstream.accepted == 1)
        #expect(upstream.closed == 0)
    }

    @Test("opens a new connection after the upstream closed the last one", arguments: [KeepAliveUpstream.Mode.silentClose, .connectionCloseHeader])
    func reconnectsAfterClose(_ mode: KeepAliveUpstream.Mode) async throws {
        let upstream = try KeepAliveUpstream(mode: mode)
        defer { upstream.stop() }
        let proxy = try await ProxyProcess.start(key: ResponsesProxyTests.key, upstreamPort: upstream.port)
        defer { proxy.stop() }
        let first = try rawExchange(port: proxy.port, request: Self.request)
        #expect(statusCode(of: first) == 200)
        if mode == .silentClose {
            // Without a Connection header the proxy learns of the close from the socket; give it that moment.
            #expect(try await upstream.wait { $0.closed == 1 })
            try await Task.sleep(for: .milliseconds(100))
        }
        let second = try rawExchange(port: proxy.port, request: Self.request)
        #expect(statusCode(of: second) == 200)
        #expect(Self.decodedBody(of: second) == Self.body)
        #expect(upstream.accepted == 2)
    }

    @Test("drops the upstream connection of a client that aborted mid-stream instead of reusing it")
    func clientAbortDropsConnection() async throws {
        let upstream = try KeepAliveUpstream(mode: .slowChunked)
        defer { upstream.stop() }
        let proxy = try await ProxyProcess.start(key: ResponsesProxyTests.key, upstreamPort: upstream.port)
        defer { proxy.stop() }
        let partial = try rawAbort(port: proxy.port, request: Self.request, after: "event 1\n")
        #expect(statusCode(of: partial) == 200)
        #expect(!partial.contains("event 10"))
        // The proxy closes the upstream connection at the next event instead of finishing and parking it.
        #expect(try await upstream.wait(timeout: .seconds(5)) { $0.closed == 1 })
        let next = try rawExchange(port: proxy.port, request: Self.request)
        #expect(statusCode(of: next) == 200)
        #expect(Self.decodedBody(of: next) == Self.body)
        #expect(upstream.accepted == 2)
    }

    @Test("answers pipelined requests in order over one client connection and one upstream connection")
    func pipelinedRequests() async throws {
        let upstream = try KeepAliveUpstream(mode: .contentLength)
        defer { upstream.stop() }
        let proxy = try await ProxyProcess.start(key: ResponsesProxyTests.key, upstreamPort: upstream.port)
        defer { proxy.stop() }
        let keepAlive = "POST /v1/responses HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}"
        let response = try rawExchange(port: proxy.port, request: keepAlive + keepAlive + Self.request)
        #expect(response.components(separatedBy: "HTTP/1.1 200 OK").count - 1 == 3)
        #expect(response.components(separatedBy: "data: event 10\n\n").count - 1 == 3)
        #expect(upstream.requests == 3)
        #expect(upstream.accepted == 1)
    }

    @Test("forwards a chunked request body re-framed as chunked and still reuses the connection")
    func chunkedRequestBody() async throws {
        let upstream = try KeepAliveUpstream(mode: .contentLength)
        defer { upstream.stop() }
        let proxy = try await ProxyProcess.start(key: ResponsesProxyTests.key, upstreamPort: upstream.port)
        defer { proxy.stop() }
        let chunked = "POST /v1/responses HTTP/1.1\r\nHost: x\r\nConnection: close\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n"
        for _ in 0..<2 {
            let response = try rawExchange(port: proxy.port, request: chunked)
            #expect(statusCode(of: response) == 200)
            #expect(Self.decodedBody(of: response) == Self.body)
        }
        #expect(upstream.requests == 2)
        #expect(upstream.accepted == 1)
    }

    /// The body of a raw response, de-chunked when it was sent chunked.
    static func decodedBody(of response: String) -> String? {
        guard let headEnd = response.range(of: "\r\n\r\n") else { return nil }
        let head = response[..<headEnd.lowerBound].lowercased()
        var rest = Substring(response[headEnd.upperBound...])
        guard head.contains("transfer-encoding: chunked") else { return String(rest) }
        var body = ""
        while let lineEnd = rest.range(of: "\r\n"), let size = Int(rest[..<lineEnd.lowerBound], radix: 16) {
            if size == 0 { return body }
            let start = lineEnd.upperBound
            let end = rest.utf8.index(start, offsetBy: size)
            body += rest[start..<end]
            rest = rest[rest.utf8.index(end, offsetBy: 2)...]
        }
        return nil
    }
}
