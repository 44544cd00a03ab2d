import Testing

/// `GET /` of the built `warden serve`: the dashboard is mounted, and without a token it is served on loopback only.
@Suite("warden serve dashboard", .serialized)
struct ServeDashboardTests {
    @Test("without a dashboard token, / is served when listening on loopback and refused with 403 when listening on every address")
    func withoutToken() async throws {
        let harness = try await ReviewHarness.start(script: [])
        defer { Task { await harness.stop() } }
        let loopback = try await ServeStartupTests.Serve.start(harness, environment: [:], name: "loopback")
        #expect(try await loopback.get("/") == 200)
        loopback.stop()
        let exposed = try await ServeStartupTests.Serve.start(harness, environment: ["WARDEN_LISTEN": "0.0.0.0:0"], name: "exposed")
        #expect(try await exposed.get("/") == 403)
        #expect(try await exposed.get("/healthz") == 200)
        exposed.stop()
    }
}
