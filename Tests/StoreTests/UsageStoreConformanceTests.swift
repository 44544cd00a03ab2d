import Foundation
import Store
import Testing
import WardenCore

/// The run ledger on both stores: what is recorded is read back, summed per system and model, and forgotten with
/// the other records.
@Suite("Usage store conformance")
struct UsageStoreConformanceTests {
    private static func run(
        _ system: CodexSystem,
        model: String = "gpt-5.5",
        project: ProjectID? = 42,
        reference: String? = "!7",
        tokens: RunTokens = RunTokens(input: 100, cachedInput: 20, output: 7, reasoning: 3),
        at date: Date
    ) -> CodexRun {
        CodexRun(
            system: system, projectID: project, reference: reference, model: model, tokens: tokens, durationSeconds: 12.5,
            outcome: CodexRun.completed, finishedAt: date
        )
    }

    @Test("recorded runs are read back in order, from --since on", arguments: StoreFactory.all)
    func recordAndRead(factory: StoreFactory) async throws {
        try await factory.withLocation { location in
            let store = try location.open()
            let start = location.clock.now
            let review = Self.run(.review, at: start)
            var gateway = Self.run(.gateway, project: nil, reference: nil, tokens: RunTokens(input: 5, output: 1), at: start.addingTimeInterval(60))
            gateway.outcome = "client_closed"
            let remediation = Self.run(.remediation, reference: "SEC-12", at: start.addingTimeInterval(120))
            for run in [review, gateway, remediation] { try await store.record(run) }

            #expect(try await store.runs(since: start) == [review, gateway, remediation])
            #expect(try await store.runs(since: start.addingTimeInterval(60)) == [gateway, remediation])
            #expect(try await store.runs(since: start.addingTimeInterval(121)).isEmpty)
        }
    }

    @Test("a thread's runs are summed by its id", arguments: StoreFactory.all)
    func threadTokens(factory: StoreFactory) async throws {
        try await factory.withLocation { location in
            let store = try location.open()
            var review = Self.run(.review, at: location.clock.now)
            review.threadID = "thread-a"
            var followUp = Self.run(.followup, tokens: RunTokens(input: 1, cachedInput: 1, output: 1, reasoning: 1), at: location.clock.now)
            followUp.threadID = "thread-a"
            var other = Self.run(.followup, at: location.clock.now)
            other.threadID = "thread-b"
            for run in [review, followUp, other] { try await store.record(run) }
            #expect(try await store.threadTokens("thread-a") == RunTokens(input: 101, cachedInput: 21, output: 8, reasoning: 4))
            #expect(try await store.threadTokens("thread-c") == .zero)
            #expect(try await store.runs(since: .distantPast).map(\.threadID) == ["thread-a", "thread-a", "thread-b"])
        }
    }

    @Test("totals are summed per system and model", arguments: StoreFactory.all)
    func totals(factory: StoreFactory) async throws {
        try await factory.withLocation { location in
            let store = try location.open()
            let now = location.clock.now
            try await store.record(Self.run(.review, at: now.addingTimeInterval(-10)))
            try await store.record(Self.run(.review, at: now))
            try await store.record(Self.run(.review, model: "gpt-5.5-mini", at: now))
            try await store.record(Self.run(.followup, tokens: RunTokens(input: 1, cachedInput: 1, output: 1, reasoning: 1), at: now))

            let totals = try await store.usageTotals(since: now.addingTimeInterval(-60))
            #expect(
                Set(totals) == [
                    UsageTotal(system: .review, model: "gpt-5.5", runs: 2, tokens: RunTokens(input: 200, cachedInput: 40, output: 14, reasoning: 6)),
                    UsageTotal(system: .review, model: "gpt-5.5-mini", runs: 1, tokens: RunTokens(input: 100, cachedInput: 20, output: 7, reasoning: 3)),
                    UsageTotal(system: .followup, model: "gpt-5.5", runs: 1, tokens: RunTokens(input: 1, cachedInput: 1, output: 1, reasoning: 1)),
                ]
            )
            #expect(try await store.usageTotals(since: now.addingTimeInterval(1)).isEmpty)
        }
    }

    @Test("a run older than the record retention is forgotten when the next one is recorded", arguments: StoreFactory.all)
    func runsExpire(factory: StoreFactory) async throws {
        try await factory.withLocation { location in
            let store = try location.open()
            try await store.record(Self.run(.gateway, at: location.clock.now))
            location.clock.advance(by: .seconds(91 * 86_400))
            let recent = Self.run(.review, at: location.clock.now)
            try await store.record(recent)
            #expect(try await store.runs(since: .distantPast) == [recent])
        }
    }

    @Test("the budget counts the month's priced runs of the systems it pays for", arguments: StoreFactory.all)
    func budget(factory: StoreFactory) async throws {
        try await factory.withLocation { location in
            let store = try location.open()
            let now = location.clock.now
            let month = BillingMonth.start(of: now)
            // $1 per million output tokens: each run below costs its output / 1e6 dollars.
            let prices = PriceTable([ModelPrice(model: "gpt-5.5", input: 0, cachedInput: 0, output: 1)])
            try await store.record(Self.run(.review, tokens: RunTokens(output: 3_000_000), at: month.addingTimeInterval(-1)))
            try await store.record(Self.run(.review, tokens: RunTokens(output: 1_000_000), at: month))
            try await store.record(Self.run(.followup, tokens: RunTokens(output: 1_000_000), at: now))
            try await store.record(Self.run(.review, model: "unpriced", tokens: RunTokens(output: 9_000_000), at: now))
            try await store.record(Self.run(.gateway, tokens: RunTokens(output: 5_000_000), at: now))

            func hold(_ system: BudgetSystem, budgets: [BudgetSystem: Double]) async throws -> BudgetHold? {
                try await CostBudget(usage: store, costs: CostSettings(prices: prices, monthlyBudgets: budgets), now: { now }).hold(for: system)
            }
            // Review and follow-up this month: $2 (last month's $3 and the unpriced run do not count).
            #expect(try await hold(.review, budgets: [.review: 2.01]) == nil)
            #expect(try await hold(.review, budgets: [.review: 2])?.spentUSD == 2)
            #expect(try await hold(.gateway, budgets: [.review: 1]) == nil, "no gateway budget")
            #expect(try await hold(.gateway, budgets: [.gateway: 5])?.system == .gateway)
            #expect(try await hold(.remediation, budgets: [.remediation: 0.5]) == nil)
        }
    }
}
