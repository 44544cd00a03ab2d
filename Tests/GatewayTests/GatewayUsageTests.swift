import Foundation
import Testing
import WardenTestSupport

/// Gateway turns in the run ledger and `/metrics`, and the gateway's monthly budget, with the built `warden gateway`
/// and the real codex app-server.
@Suite("Gateway usage and budget", .serialized)
struct GatewayUsageTests {
    @Test("a turn is recorded with the model server's usage, counted in /metrics, and a spent budget answers 429 naming it")
    func recordedCountedAndBudgeted() async throws {
        // $1 per output token, so the first turn (7 output tokens) spends $7 of a $5 budget.
        let environment = ["WARDEN_COSTS_MODELS": "gpt-5.5=0/0/1000000", "WARDEN_COSTS_MONTHLY_BUDGET_USD_GATEWAY": "5"]
        try await GatewayHarness.with(defaultTurn: .message("four"), environment: environment) { gateway in
            let (status, _) = try await gateway.complete("2+2?")
            #expect(status == 200)

            let (_, metrics) = try await gateway.get("/metrics")
            let standard = ModelTurn.Usage.standard
            for (kind, count) in [
                ("input", standard.inputTokens), ("cached_input", standard.cachedInputTokens), ("output", standard.outputTokens),
                ("reasoning", standard.reasoningOutputTokens),
            ] {
                #expect(metrics.contains("warden_codex_tokens_total{system=\"gateway\",kind=\"\(kind)\"} \(count)"), "\(metrics)")
            }
            #expect(metrics.contains("warden_codex_cost_usd_total{system=\"gateway\"} 7.0"), "\(metrics)")
            #expect(metrics.contains("warden_codex_run_seconds_count{system=\"gateway\"} 1"), "\(metrics)")

            let usage = try await Self.usage(dataDirectory: gateway.data.path, environment: environment)
            let groups = try #require(usage["groups"] as? [[String: Any]])
            try #require(groups.count == 1, "\(usage)")
            #expect(groups[0]["group"] as? String == "gateway")
            #expect(groups[0]["runs"] as? Int == 1)
            #expect(
                groups[0]["tokens"] as? [String: Int]
                    == ["input": standard.inputTokens, "cached_input": standard.cachedInputTokens, "output": standard.outputTokens,
                        "reasoning": standard.reasoningOutputTokens]
            )
            #expect(groups[0]["cost_usd"] as? Double == 7)

            let requestsBefore = await gateway.model.requests.count
            let (refused, body) = try await gateway.complete("3+3?")
            #expect(refused == 429, "\(body)")
            let error = try #require((try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any])?["error"] as? [String: Any])
            #expect(error["code"] as? String == "budget_exceeded")
            #expect(error["type"] as? String == "insufficient_quota")
            #expect((error["message"] as? String)?.contains("costs.monthly_budget_usd.gateway") == true, "\(error)")
            #expect(await gateway.model.requests.count == requestsBefore, "the refused request reached no model")
        }
    }

    @Test("the seat's usage windows the app-server reports after a turn are on the gateway's /healthz and /metrics")
    func rateLimitWindows() async throws {
        let resetsAt = Int(Date().timeIntervalSince1970) + 3600
        let turn = ModelTurn.message("four").with(headers: [
            "x-codex-primary-used-percent": "12", "x-codex-primary-window-minutes": "300", "x-codex-primary-reset-at": "\(resetsAt)",
        ])
        try await GatewayHarness.with(defaultTurn: turn) { gateway in
            let (_, before) = try await gateway.get("/healthz")
            #expect(!before.contains("rate_limits"), "no window before codex reported one: \(before)")
            let (status, _) = try await gateway.complete("2+2?")
            #expect(status == 200)
            var health = ""
            for _ in 0..<50 {
                (_, health) = try await gateway.get("/healthz")
                if health.contains("rate_limits") { break }
                try await Task.sleep(for: .milliseconds(100))
            }
            let body = try #require(try JSONSerialization.jsonObject(with: Data(health.utf8)) as? [String: Any])
            let windows = try #require(body["rate_limits"] as? [[String: Any]], "\(health)")
            #expect(windows.first?["window"] as? String == "primary")
            #expect(windows.first?["used_percent"] as? Double == 12)
            #expect(windows.first?["window_minutes"] as? Int == 300)
            let (_, metrics) = try await gateway.get("/metrics")
            #expect(metrics.contains("warden_codex_rate_limit_used_percent{window=\"primary\"} 12.0"), "\(metrics)")
            #expect(metrics.contains("warden_codex_rate_limit_resets_at_seconds{window=\"primary\"} \(Double(resetsAt))"), "\(metrics)")
        }
    }

    /// `warden usage --json --by system` over the gateway's data directory.
    static func usage(dataDirectory: String, environment: [String: String]) async throws -> [String: Any] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try BuiltProducts.path("warden"))
        process.arguments = ["usage", "--json", "--by", "system", "--since", "1d"]
        let parent = ProcessInfo.processInfo.environment
        process.environment = environment.merging(
            ["WARDEN_DATA_DIR": dataDirectory, "PATH": parent["PATH"] ?? "/usr/bin:/bin", "HOME": parent["HOME"] ?? "/root"]
        ) { $1 }
        let output = Pipe()
        let error = Pipe()
        process.standardOutput = output
        process.standardError = error
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let problem = String(decoding: error.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(problem)")
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }
}
