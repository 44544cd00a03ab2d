import Foundation
import Gateway
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import NIOFoundationCompat
import Prometheus
import Testing
import WardenCore
import WardenHTTP

/// The bearer-key check and the refusal count, as middleware in front of any route.
@Suite("Gateway middleware")
struct GatewayMiddlewareTests {
    static let key = "gateway-test-key-0123456789"

    static func application(key: String?, registry: PrometheusCollectorRegistry) -> some ApplicationProtocol {
        let router = Router()
        router.group()
            .add(middleware: GatewayRequestMetricsMiddleware(metrics: GatewayMetrics(registry: registry)))
            .add(middleware: SharedSecretMiddleware(secret: key.map(Secret.init), carrier: .bearer) { _ in GatewayError.invalidAPIKey })
            .get("/v1/ping") { _, _ -> String in "pong" }
        return Application(router: router)
    }

    static func metricsText(_ registry: PrometheusCollectorRegistry) -> String {
        var buffer: [UInt8] = []
        registry.emit(into: &buffer)
        return String(decoding: buffer, as: UTF8.self)
    }

    @Test(
        "a missing or wrong key gets the OpenAI 401 with a Bearer challenge, and is counted",
        arguments: [nil, "Bearer wrong-key", "Basic \(key)"] as [String?]
    )
    func refuses(authorization: String?) async throws {
        let registry = PrometheusCollectorRegistry()
        try await Self.application(key: Self.key, registry: registry).test(.router) { client in
            var headers: HTTPFields = [:]
            if let authorization { headers[.authorization] = authorization }
            try await client.execute(uri: "/v1/ping", method: .get, headers: headers) { response in
                #expect(response.status == .unauthorized)
                #expect(response.headers[.wwwAuthenticate] == #"Bearer realm="warden""#)
                #expect(response.headers[.contentType] == "application/json")
                let object = try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any]
                let error = try #require(object?["error"] as? [String: Any])
                #expect(error["code"] as? String == "invalid_api_key")
                #expect(error["type"] as? String == "invalid_request_error")
            }
        }
        #expect(Self.metricsText(registry).contains(#"warden_gateway_requests_total{outcome="invalid_api_key",stream="false"} 1"#))
    }

    @Test("the right key passes, and so does any request when no key is configured", arguments: [key, nil] as [String?])
    func passes(configured: String?) async throws {
        let registry = PrometheusCollectorRegistry()
        try await Self.application(key: configured, registry: registry).test(.router) { client in
            try await client.execute(uri: "/v1/ping", method: .get, headers: [.authorization: "Bearer \(Self.key)"]) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body) == "pong")
            }
        }
        #expect(!Self.metricsText(registry).contains("invalid_api_key"))
    }
}
