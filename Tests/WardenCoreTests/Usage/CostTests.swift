import Foundation
import Testing
import WardenCore

/// The cost of runs at the configured prices, with and without a price, and the budget decision, as tables.
@Suite("Cost and budget")
struct CostTests {
    static let prices = PriceTable([
        ModelPrice(model: "gpt-5.5", input: 1.25, cachedInput: 0.125, output: 10),
        ModelPrice(model: "free", input: 0, cachedInput: 0, output: 0),
    ])

    struct CostRow: Sendable, CustomTestStringConvertible {
        let name: String
        let model: String
        let tokens: RunTokens
        let cost: Double?
        var testDescription: String { name }
    }

    @Test(
        "a run's cost: uncached input, cached input and output (reasoning inside output) at the model's price; unknown without one",
        arguments: [
            CostRow(name: "no tokens", model: "gpt-5.5", tokens: .zero, cost: 0),
            CostRow(
                name: "a million uncached input tokens", model: "gpt-5.5", tokens: RunTokens(input: 1_000_000), cost: 1.25
            ),
            CostRow(
                name: "cached input is priced apart from the rest of the input", model: "gpt-5.5",
                tokens: RunTokens(input: 1_000_000, cachedInput: 400_000), cost: 0.8
            ),
            CostRow(
                name: "reasoning is part of output and not charged twice", model: "gpt-5.5",
                tokens: RunTokens(output: 100_000, reasoning: 60_000), cost: 1.0
            ),
            CostRow(
                name: "the scripted model's standard turn", model: "gpt-5.5",
                tokens: RunTokens(input: 100, cachedInput: 20, output: 7, reasoning: 3), cost: 0.0001725
            ),
            CostRow(name: "a free model", model: "free", tokens: RunTokens(input: 5_000, output: 5_000), cost: 0),
            CostRow(name: "a model without a price", model: "o-unknown", tokens: RunTokens(input: 10), cost: nil),
            CostRow(name: "a model without a price and no tokens", model: "o-unknown", tokens: .zero, cost: nil),
        ]
    )
    func runCost(row: CostRow) throws {
        let cost = Self.prices.cost(of: row.tokens, model: row.model)
        if let expected = row.cost {
            #expect(abs(try #require(cost) - expected) < 1e-12)
        } else {
            #expect(cost == nil)
        }
    }

    @Test("several runs cost the sum, or are unknown when one of them has no price")
    func severalRuns() {
        let priced = [(model: "gpt-5.5", tokens: RunTokens(input: 1_000_000)), (model: "gpt-5.5", tokens: RunTokens(output: 100_000))]
        #expect(Self.prices.cost(of: priced) == 2.25)
        #expect(Self.prices.cost(of: priced + [(model: "o-unknown", tokens: RunTokens(input: 1))]) == nil)
        #expect(PriceTable().cost(of: priced) == nil, "no prices configured: unknown")
        #expect(PriceTable().cost(of: [] as [(model: String, tokens: RunTokens)]) == 0, "no runs cost nothing")
    }

    struct BudgetRow: Sendable, CustomTestStringConvertible {
        let name: String
        let spent: Double
        let budget: Double?
        let held: Bool
        var testDescription: String { name }
    }

    @Test(
        "new work is held once the month-to-date cost reaches the budget",
        arguments: [
            BudgetRow(name: "no budget", spent: 1_000, budget: nil, held: false),
            BudgetRow(name: "under the budget", spent: 49.99, budget: 50, held: false),
            BudgetRow(name: "exactly the budget", spent: 50, budget: 50, held: true),
            BudgetRow(name: "over the budget", spent: 50.01, budget: 50, held: true),
            BudgetRow(name: "a budget of zero holds everything", spent: 0, budget: 0, held: true),
        ]
    )
    func budget(row: BudgetRow) throws {
        let now = try #require(ISO8601DateFormatter().date(from: "2026-12-07T20:00:00Z"))
        let hold = BudgetDecision.hold(system: .review, spentUSD: row.spent, budgetUSD: row.budget, now: now)
        #expect((hold != nil) == row.held)
        if let hold {
            #expect(hold.until == ISO8601DateFormatter().date(from: "2027-01-01T00:00:00Z"), "the hold ends with the UTC month")
            #expect(hold.reason.contains("review budget of $\(String(format: "%.2f", row.budget ?? 0))"))
            #expect(hold.reason.contains("costs.monthly_budget_usd.review"))
        }
    }

    @Test(
        "the billing month is the UTC calendar month",
        arguments: [
            ("2026-12-07T20:00:00Z", "2026-12-01T00:00:00Z", "2027-01-01T00:00:00Z"),
            ("2026-12-01T00:00:00Z", "2026-12-01T00:00:00Z", "2027-01-01T00:00:00Z"),
            ("2026-02-28T23:59:59Z", "2026-02-01T00:00:00Z", "2026-03-01T00:00:00Z"),
        ]
    )
    func billingMonth(_ instant: String, start: String, end: String) throws {
        let formatter = ISO8601DateFormatter()
        let date = try #require(formatter.date(from: instant))
        #expect(BillingMonth.start(of: date) == formatter.date(from: start))
        #expect(BillingMonth.start(after: date) == formatter.date(from: end))
    }

    @Test("follow-ups are paid from the review budget; each other system has its own")
    func budgetSystems() {
        #expect(BudgetSystem.review.systems == [.review, .followup])
        #expect(BudgetSystem.remediation.systems == [.remediation])
        #expect(BudgetSystem.gateway.systems == [.gateway])
    }
}
