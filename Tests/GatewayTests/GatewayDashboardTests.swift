import Testing
import WardenTestSupport

/// `GET /` of the built `warden gateway`: the dashboard shell with the supervised worker's status.
@Suite("warden gateway dashboard")
struct GatewayDashboardTests {
    @Test("on loopback without a dashboard token, / shows the worker's status and the seat; with one, a wrong bearer token gets 401")
    func dashboard() async throws {
        try await GatewayHarness.with(defaultTurn: .message("hi")) { gateway in
            let (status, body) = try await gateway.get("/")
            #expect(status == 200)
            #expect(body.contains("<dt>app-server</dt><dd>ready</dd>"))
            #expect(body.contains("sandbox read-only"))
        }
        let token = "dashboard-token-0123456789"
        try await GatewayHarness.with(defaultTurn: .message("hi"), environment: ["WARDEN_DASHBOARD_TOKEN": token]) { gateway in
            let (wrong, _) = try await gateway.get("/", headers: ["Authorization": "Bearer wrong"])
            #expect(wrong == 401)
            let (right, _) = try await gateway.get("/", headers: ["Authorization": "Bearer \(token)"])
            #expect(right == 200)
        }
    }
}
