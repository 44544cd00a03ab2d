import ResponsesProxy
import Testing

@Suite("UpstreamEndpoint")
struct UpstreamEndpointTests {
    static let rows: [(url: String, tls: Bool, host: String, port: Int, target: String, hostHeader: String)] = [
        ("https://api.openai.com/v1/responses", true, "api.openai.com", 443, "/v1/responses", "api.openai.com"),
        ("http://127.0.0.1:18560/v1/responses", false, "127.0.0.1", 18_560, "/v1/responses", "127.0.0.1:18560"),
        (
            "https://x.openai.azure.com/openai/deployments/d/responses?api-version=2025-04-01", true, "x.openai.azure.com", 443,
            "/openai/deployments/d/responses?api-version=2025-04-01", "x.openai.azure.com"
        ),
        ("http://[::1]:8080/v1/responses", false, "::1", 8_080, "/v1/responses", "[::1]:8080"),
        ("http://localhost", false, "localhost", 80, "/", "localhost"),
    ]

    @Test("parses host, port, request target and Host header", arguments: rows)
    func parses(_ row: (url: String, tls: Bool, host: String, port: Int, target: String, hostHeader: String)) throws {
        let endpoint = try UpstreamEndpoint(url: row.url)
        #expect(endpoint.usesTLS == row.tls)
        #expect(endpoint.host == row.host)
        #expect(endpoint.port == row.port)
        #expect(endpoint.requestTarget == row.target)
        #expect(endpoint.hostHeader == row.hostHeader)
    }

    @Test("refuses URLs that are not absolute http(s) URLs with a host", arguments: ["api.openai.com/v1/responses", "ftp://x/y", "http:///v1", ""])
    func refuses(_ url: String) {
        #expect(throws: ResponsesProxyError.self) { try UpstreamEndpoint(url: url) }
    }
}
