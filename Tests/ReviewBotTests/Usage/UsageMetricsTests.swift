import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import NIOFoundationCompat
import Prometheus
import ReviewBot
import Store
import Testing
import WardenCore
import WardenHTTP
import WardenTestSupport

/// `/metrics` of `warden serve` and `warden usage` agree on the runs a process recorded, and `warden usage` prints
/// its table and JSON from the store.
@Suite("Usage metrics and command")
struct UsageMetricsTests {
    static let pricesVariable = "gpt-5.5=1.25/0.125/10"
    static let prices = PriceTable([ModelPrice(model: "gpt-5.5", input: 1.25, cachedInput: 0.125, output: 10)])

    static func runs(at now: Date) -> [CodexRun] {
        [
            CodexRun(
                system: .review, projectID: 7, reference: "!1", model: "gpt-5.5",
                tokens: RunTokens(input: 12_000, cachedInput: 4_000, output: 800, reasoning: 300), durationSeconds: 42, outcome: CodexRun.completed,
                finishedAt: now
            ),
            CodexRun(
                system: .review, projectID: 9, reference: "!4", model: "gpt-5.5",
                tokens: RunTokens(input: 30_000, cachedInput: 0, output: 2_000, reasoning: 1_000), durationSeconds: 95, outcome: CodexRun.completed,
                finishedAt: now
            ),
            CodexRun(
                system: .followup, projectID: 7, reference: "!1", model: "gpt-5.5", tokens: RunTokens(input: 5_000, cachedInput: 4_500, output: 120),
                durationSeconds: 8, outcome: CodexRun.completed, finishedAt: now
            ),
            CodexRun(
                system: .followup, projectID: 7, reference: "!1", model: "gpt-5.5", tokens: .zero, durationSeconds: 900, outcome: "timeout",
                finishedAt: now
            ),
        ]
    }

    @Test("the token, cost and duration figures of /metrics equal warden usage --json's for the same runs")
    func metricsAgreeWithUsage() async throws {
        let directory = try TestDataDirectory()
        defer { directory.remove() }
        let store = try SQLiteStore.open(dataDirectory: directory.path)
        let registry = PrometheusCollectorRegistry()
        let ledger = MeteredRunLedger(store, registry: registry, prices: Self.prices)
        for run in Self.runs(at: Date()) { try await ledger.record(run) }

        let app = ReviewBotServer.buildApplication(
            settings: ReviewBotServer.Settings(host: "127.0.0.1", port: 0, webhook: nil, sandboxMode: .default),
            store: store,
            registry: registry,
            logger: Logger(label: "test")
        )
        let metrics = try await app.test(.router) { client in
            try await client.execute(uri: "/metrics", method: .get) { response in String(buffer: response.body) }
        }
        func sample(_ name: String, _ labels: String) -> Double? {
            metrics.split(separator: "\n").first { $0.hasPrefix("\(name){\(labels)} ") }.flatMap { Double($0.split(separator: " ").last ?? "") }
        }

        let usage = try await WardenCommandLineTests.warden(
            ["usage", "--json", "--by", "system", "--since", "1d"],
            environment: ["WARDEN_DATA_DIR": directory.path, "WARDEN_COSTS_MODELS": Self.pricesVariable]
        )
        #expect(usage.status == 0, "\(usage.error)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(usage.output.utf8)) as? [String: Any])
        let groups = try #require(report["groups"] as? [[String: Any]])
        #expect(groups.map { $0["group"] as? String } == ["review", "followup"])
        for group in groups {
            let system = try #require(group["group"] as? String)
            let tokens = try #require(group["tokens"] as? [String: Int])
            for kind in ["input", "cached_input", "output", "reasoning"] {
                #expect(
                    sample("warden_codex_tokens_total", "system=\"\(system)\",kind=\"\(kind)\"") ?? 0 == Double(tokens[kind] ?? -1),
                    "\(system) \(kind)"
                )
            }
            let cost = try #require(group["cost_usd"] as? Double)
            #expect(abs((sample("warden_codex_cost_usd_total", "system=\"\(system)\"") ?? -1) - cost) < 1e-9, "\(system) cost")
            #expect(sample("warden_codex_run_seconds_count", "system=\"\(system)\"") == Double(group["runs"] as? Int ?? -1))
        }
        #expect(sample("warden_codex_run_seconds_sum", "system=\"review\"") == 137)
        #expect(sample("warden_codex_tokens_total", "system=\"gateway\",kind=\"input\"") == 0, "declared before any gateway run")
    }

    @Test("warden usage prints a table by project, with — for a cost without a price")
    func table() async throws {
        let directory = try TestDataDirectory()
        defer { directory.remove() }
        let store = try SQLiteStore.open(dataDirectory: directory.path)
        for run in Self.runs(at: Date()) { try await store.record(run) }
        var old = Self.runs(at: Date().addingTimeInterval(-10 * 86_400))[0]
        old.projectID = 99
        try await store.record(old)

        let priced = try await WardenCommandLineTests.warden(
            ["usage", "--by", "project"], environment: ["WARDEN_DATA_DIR": directory.path, "WARDEN_COSTS_MODELS": Self.pricesVariable]
        )
        #expect(priced.status == 0, "\(priced.error)")
        let lines = priced.output.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix("project  runs") == true, "\(priced.output)")
        #expect(lines.map { $0.split(separator: " ").first.map(String.init) } == ["project", "7", "9", "total"], "the run older than 7 days is left out")
        #expect(lines[1].contains(" 3 ") && lines[1].contains("17000"), "\(lines[1])")
        #expect(!priced.output.contains("—"))

        let unpriced = try await WardenCommandLineTests.warden(["usage", "--by", "system", "--since", "30d"], environment: ["WARDEN_DATA_DIR": directory.path])
        #expect(unpriced.status == 0)
        #expect(unpriced.output.split(separator: "\n").dropFirst().allSatisfy { $0.contains("—") }, "\(unpriced.output)")

        let refused = try await WardenCommandLineTests.warden(["usage", "--since", "last week"], environment: ["WARDEN_DATA_DIR": directory.path])
        #expect(refused.status != 0)
        #expect(refused.error.contains("--since last week is not"), "\(refused.error)")
    }
}
