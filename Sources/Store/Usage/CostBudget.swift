public import Foundation
public import WardenCore

/// Whether a system may start new work under its monthly budget: its month-to-date cost read from the run ledger,
/// priced with the configured prices, against `costs.monthly_budget_usd.<system>`.
public struct CostBudget: MonthlyBudget {
    private let usage: any UsageStore
    private let costs: CostSettings
    private let now: @Sendable () -> Date

    /// Creates a budget check over the ledger of `usage`.
    ///
    /// - Parameters:
    ///   - usage: the run ledger.
    ///   - costs: the prices and budgets.
    ///   - now: the clock the month is taken from (UTC).
    public init(usage: any UsageStore, costs: CostSettings, now: @escaping @Sendable () -> Date = { Date() }) {
        self.usage = usage
        self.costs = costs
        self.now = now
    }

    /// The hold on `system`'s new work, or `nil` when it may start some. Reads the store only when the system has a
    /// budget.
    /// - Throws: `StoreError` when the ledger cannot be read.
    public func hold(for system: BudgetSystem) async throws -> BudgetHold? {
        guard let budget = costs.monthlyBudgets[system] else { return nil }
        let at = now()
        let totals = try await usage.usageTotals(since: BillingMonth.start(of: at))
        return BudgetDecision.hold(system: system, spentUSD: Self.spent(by: system, totals: totals, prices: costs.prices), budgetUSD: budget, now: at)
    }

    /// The cost of the runs `system`'s budget pays for, counting only runs whose model has a price (an unpriced
    /// run cannot be charged).
    static func spent(by system: BudgetSystem, totals: [UsageTotal], prices: PriceTable) -> Double {
        totals.filter { $0.system.budget == system }.compactMap { prices.cost(of: $0.tokens, model: $0.model) }.reduce(0, +)
    }
}
