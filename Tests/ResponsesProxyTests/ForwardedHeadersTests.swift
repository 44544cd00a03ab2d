import ResponsesProxy
import Testing

@Suite("ForwardedHeaders")
struct ForwardedHeadersTests {
    @Test("drops the client's Authorization, Host, Expect, hop-by-hop and Connection-named headers, keeps the rest in order")
    func upstreamRequest() {
        let headers: [(name: String, value: String)] = [
            ("Authorization", "Bearer client"), ("Host", "evil.example"), ("x-custom-header", "abc"),
            ("Connection", "keep-alive, X-Drop-Me"), ("X-Drop-Me", "1"), ("Keep-Alive", "timeout=5"),
            ("Transfer-Encoding", "chunked"), ("Content-Length", "40"), ("TE", "trailers"), ("Upgrade", "websocket"),
            ("Proxy-Authorization", "Basic x"), ("Expect", "100-continue"), ("openai-organization", "org-1"),
            ("x-custom-header", "def"),
        ]
        let forwarded = ForwardedHeaders.upstreamRequest(headers)
        #expect(forwarded.map(\.name) == ["x-custom-header", "openai-organization", "x-custom-header"])
        #expect(forwarded.map(\.value) == ["abc", "org-1", "def"])
    }

    @Test("mirrors response headers except framing and hop-by-hop ones")
    func clientResponse() {
        let headers: [(name: String, value: String)] = [
            ("content-type", "text/event-stream"), ("transfer-encoding", "chunked"), ("connection", "close"),
            ("retry-after", "7"), ("content-length", "12"), ("trailer", "x"), ("upgrade", "h2c"), ("x-request-id", "req_1"),
        ]
        #expect(ForwardedHeaders.clientResponse(headers).map(\.name) == ["content-type", "retry-after", "x-request-id"])
    }
}
