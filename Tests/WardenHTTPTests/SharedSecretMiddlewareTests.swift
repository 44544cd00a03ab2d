import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Prometheus
import Testing
import WardenCore
import WardenHTTP

/// The shared HTTP middleware: the secret check both servers use, the JSON error, and the request metrics.
@Suite("Shared HTTP middleware")
struct SharedSecretMiddlewareTests {
    @Test(
        "bearer keys match exactly, the scheme without case",
        arguments: [
            ("Bearer 0123456789abcdef", true), ("bearer 0123456789abcdef", true), ("Bearer   0123456789abcdef", true),
            ("Bearer 0123456789abcdeX", false), ("Bearer 0123456789abcdef0", false), ("Basic 0123456789abcdef", false), ("Bearer ", false),
            ("0123456789abcdef", false),
        ]
    )
    func bearer(header: String, matches: Bool) {
        #expect(SecretCarrier.bearer.carries(Secret("0123456789abcdef"), in: [.authorization: header]) == matches)
    }

    @Test(
        "a named header must hold exactly the secret",
        arguments: [("token-0123456789", true), ("token-012345678", false), ("Bearer token-0123456789", false), ("", false)]
    )
    func header(value: String, matches: Bool) {
        let name = HTTPField.Name("X-Gitlab-Token")!
        #expect(SecretCarrier.header(name).carries(Secret("token-0123456789"), in: [name: value]) == matches)
        #expect(!SecretCarrier.header(name).carries(Secret("token-0123456789"), in: [:]))
    }

    static func application(secret: String?, registry: PrometheusCollectorRegistry) -> some ApplicationProtocol {
        let router = Router()
        let name = HTTPField.Name("X-Gitlab-Token")!
        router.group()
            .add(middleware: HTTPRequestMetrics(registry: registry).middleware(route: "ping"))
            .add(middleware: SharedSecretMiddleware(secret: secret.map(Secret.init), carrier: .header(name)) { _ in JSONError(.unauthorized, "unauthorized") })
            .get("/ping") { _, _ -> String in "pong" }
        return Application(router: router)
    }

    static func metricsText(_ registry: PrometheusCollectorRegistry) -> String {
        var buffer: [UInt8] = []
        registry.emit(into: &buffer)
        return String(decoding: buffer, as: UTF8.self)
    }

    @Test("a refused request gets the caller's JSON error and never reaches the route; both are counted by route and status")
    func refusesAndCounts() async throws {
        let registry = PrometheusCollectorRegistry()
        try await Self.application(secret: "token-0123456789", registry: registry).test(.router) { client in
            try await client.execute(uri: "/ping", method: .get, headers: [HTTPField.Name("X-Gitlab-Token")!: "wrong"]) { response in
                #expect(response.status == .unauthorized)
                #expect(response.headers[.contentType] == "application/json")
                #expect(String(buffer: response.body) == #"{"error":"unauthorized"}"#)
            }
            try await client.execute(uri: "/ping", method: .get, headers: [HTTPField.Name("X-Gitlab-Token")!: "token-0123456789"]) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body) == "pong")
            }
        }
        let text = Self.metricsText(registry)
        #expect(text.contains(#"warden_http_requests_total{route="ping",status="401"} 1"#), "\(text)")
        #expect(text.contains(#"warden_http_requests_total{route="ping",status="200"} 1"#), "\(text)")
        #expect(text.contains(#"warden_http_request_duration_seconds_count{route="ping"} 2"#), "\(text)")
    }

    @Test("without a secret (allowed only where startup checks said so) every request passes")
    func noSecret() async throws {
        try await Self.application(secret: nil, registry: PrometheusCollectorRegistry()).test(.router) { client in
            try await client.execute(uri: "/ping", method: .get) { response in
                #expect(response.status == .ok)
            }
        }
    }
}
