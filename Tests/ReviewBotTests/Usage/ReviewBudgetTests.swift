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

/// The review budget: while the month's reviews and follow-ups cost as much as `costs.monthly_budget_usd.review`, the
/// worker claims no job (jobs stay pending, no attempt spent) and `/healthz` shows the hold.
@Suite("Review budget", .serialized)
struct ReviewBudgetTests {
    /// $1 per million output tokens.
    static let prices = PriceTable([ModelPrice(model: "gpt-5.5", input: 0, cachedInput: 0, output: 1)])

    static func spend(_ dollars: Int64, as system: CodexSystem, in store: any UsageStore) async throws {
        try await store.record(
            CodexRun(
                system: system, projectID: 7, reference: "!1", model: "gpt-5.5", tokens: RunTokens(output: dollars * 1_000_000), durationSeconds: 60,
                outcome: CodexRun.completed, finishedAt: Date()
            )
        )
    }

    @Test("a spent budget holds new jobs without spending an attempt; a larger budget lets the worker claim them again")
    func workerHolds() async throws {
        let harness = try await ReviewHarness.start(script: [ReviewHarness.review(summary: ReviewHarness.firstSummary, findings: [])])
        defer { Task { await harness.stop() } }
        try await Self.spend(3, as: .review, in: harness.store)
        try await Self.spend(2, as: .followup, in: harness.store)
        try await Self.spend(100, as: .gateway, in: harness.store)
        _ = try await harness.store.enqueue(.review(projectID: 7, mergeRequestIID: 1, headSHA: harness.headSHA), idempotencyKey: nil)

        func budget(_ dollars: Double) -> CostBudget {
            CostBudget(usage: harness.store, costs: CostSettings(prices: Self.prices, monthlyBudgets: [.review: dollars]))
        }
        let held = try harness.worker(budget: budget(5))
        #expect(try await held.runNextJob() == false, "reviews and follow-ups cost $5 of a $5 budget")
        let job = try #require(try await harness.store.list(states: nil, limit: nil).first)
        #expect(job.state == .pending)
        #expect(job.attempts == 0)

        let allowed = try harness.worker(budget: budget(5.01))
        #expect(try await allowed.runNextJob(), "under the budget the worker claims and reviews")
        #expect(try await harness.store.list(states: nil, limit: nil).first?.state == .done)
    }

    @Test("/healthz shows the hold with the system and the reason, and nothing without one")
    func healthShowsHold() async throws {
        let directory = try TestDataDirectory()
        defer { directory.remove() }
        let store = try SQLiteStore.open(dataDirectory: directory.path)
        try await Self.spend(6, as: .review, in: store)
        for (budget, held) in [(5.0, true), (50.0, false)] {
            let app = ReviewBotServer.buildApplication(
                settings: ReviewBotServer.Settings(host: "127.0.0.1", port: 0, webhook: nil, sandboxMode: .default),
                store: store,
                budget: CostBudget(usage: store, costs: CostSettings(prices: Self.prices, monthlyBudgets: [.review: budget])),
                logger: Logger(label: "test")
            )
            try await app.test(.router) { client in
                try await client.execute(uri: "/healthz", method: .get) { response in
                    #expect(response.status == .ok)
                    let report = try #require(try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any])
                    if held {
                        let hold = try #require(report["budget_hold"] as? [String: Any])
                        #expect(hold["system"] as? String == "review")
                        #expect(hold["spent_usd"] as? Double == 6)
                        #expect(hold["budget_usd"] as? Double == 5)
                        #expect((hold["reason"] as? String)?.contains("review budget of $5.00 for this month is spent ($6.00)") == true)
                        #expect(hold["until"] as? String == ISO8601DateFormatter().string(from: BillingMonth.start(after: Date())))
                    } else {
                        #expect(report["budget_hold"] == nil)
                    }
                }
            }
        }
    }
}
