import ResponsesProxy
import Testing

@Suite("ProxyRoute")
struct ProxyRouteTests {
    static let rows: [(name: String, method: String, target: String, upgrade: Bool, shutdown: Bool, route: ProxyRoute)] = [
        ("POST /v1/responses", "POST", "/v1/responses", false, false, .forward),
        ("GET /v1/responses", "GET", "/v1/responses", false, false, .forbidden),
        ("query string", "POST", "/v1/responses?stream=true", false, false, .forbidden),
        ("trailing slash", "POST", "/v1/responses/", false, false, .forbidden),
        ("absolute form", "POST", "http://api.openai.com/v1/responses", false, false, .forbidden),
        ("upgrade", "POST", "/v1/responses", true, false, .forbidden),
        ("WebSocket GET", "GET", "/v1/responses", true, true, .forbidden),
        ("shutdown enabled", "GET", "/shutdown", false, true, .shutdown),
        ("shutdown disabled", "GET", "/shutdown", false, false, .forbidden),
        ("POST /shutdown", "POST", "/shutdown", false, true, .forbidden),
        ("lowercase method", "post", "/v1/responses", false, false, .forbidden),
    ]

    @Test("routes exactly like upstream", arguments: rows)
    func route(_ row: (name: String, method: String, target: String, upgrade: Bool, shutdown: Bool, route: ProxyRoute)) {
        #expect(
            ProxyRoute.decide(method: row.method, target: row.target, isUpgrade: row.upgrade, shutdownEnabled: row.shutdown) == row.route,
            "\(row.name)"
        )
    }
}
