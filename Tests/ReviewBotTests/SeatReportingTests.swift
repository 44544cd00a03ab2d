import Codex
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import NIOFoundationCompat
import ReviewBot
import Store
import Testing
import WardenCore
import WardenTestSupport

/// `/healthz` and `/metrics` report the Codex seat: its hold and its usage windows.
@Suite("Seat reporting")
struct SeatReportingTests {
    @Test("/healthz shows the seat hold and its end while it lasts, and the usage windows codex reported")
    func healthz() async throws {
        let directory = try TestDataDirectory()
        defer { directory.remove() }
        let store = try SQLiteStore.open(dataDirectory: directory.path)
        let until = Date(timeIntervalSinceNow: 3600)
        try await store.holdSeats(pool: LeasedSeats.codexPool, until: until, reason: "the Codex plan's usage limit is reached", streak: 1)
        let monitor = RateLimitMonitor()
        let resets = Date(timeIntervalSince1970: 1_900_000_000)
        await monitor.update(
            RateLimitSnapshot(
                windows: [
                    RateLimitWindow(name: "primary", usedPercent: 42.5, windowMinutes: 300, resetsAt: resets),
                    RateLimitWindow(name: "secondary", usedPercent: 91, windowMinutes: 10080, resetsAt: nil),
                ],
                planType: "plus"
            )
        )
        let app = ReviewBotServer.buildApplication(
            settings: ReviewBotServer.Settings(host: "127.0.0.1", port: 0, webhook: nil, sandboxMode: .readOnly),
            store: store,
            seatHolds: SeatHolds(store: store),
            rateLimits: monitor,
            logger: Logger(label: "test")
        )
        try await app.test(.router) { client in
            try await client.execute(uri: "/healthz", method: .get) { response in
                #expect(response.status == .ok)
                let report = try #require(try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any])
                #expect(report["seat_hold_until"] as? String == JobListRendering.timestamp(until))
                #expect(report["seat_hold_reason"] as? String == "the Codex plan's usage limit is reached")
                #expect(report["plan_type"] as? String == "plus")
                let windows = try #require(report["rate_limits"] as? [[String: Any]])
                #expect(windows.map { $0["window"] as? String } == ["primary", "secondary"])
                #expect(windows.first?["used_percent"] as? Double == 42.5)
                #expect(windows.first?["window_minutes"] as? Int == 300)
                #expect(windows.first?["resets_at"] as? String == JobListRendering.timestamp(resets))
            }
            try await client.execute(uri: "/metrics", method: .get) { response in
                let text = String(buffer: response.body)
                #expect(text.contains(#"warden_codex_rate_limit_used_percent{window="primary"} 42.5"#), "\(text)")
                #expect(text.contains(#"warden_codex_rate_limit_used_percent{window="secondary"} 91"#))
                #expect(text.contains(#"warden_codex_rate_limit_resets_at_seconds{window="primary"} 1900000000"#))
                #expect(!text.contains(#"warden_codex_rate_limit_resets_at_seconds{window="secondary"}"#))
            }
        }
        try await store.holdSeats(pool: LeasedSeats.codexPool, until: Date(timeIntervalSinceNow: -1), reason: "over", streak: 1)
        try await app.test(.router) { client in
            try await client.execute(uri: "/healthz", method: .get) { response in
                let report = try #require(try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any])
                #expect(report["seat_hold_until"] == nil, "an ended hold is not shown")
            }
        }
    }
}
