public import Foundation

/// A system's new work held because its month-to-date cost reached its monthly budget.
public struct BudgetHold: Sendable, Hashable {
    /// The system whose budget is spent.
    public var system: BudgetSystem
    /// The month-to-date cost of the runs with a price, in US dollars.
    public var spentUSD: Double
    /// The budget, `costs.monthly_budget_usd.<system>`.
    public var budgetUSD: Double
    /// The first instant of the next month (UTC), when the hold ends by itself.
    public var until: Date

    /// Creates a hold.
    public init(system: BudgetSystem, spentUSD: Double, budgetUSD: Double, until: Date) {
        self.system = system
        self.spentUSD = spentUSD
        self.budgetUSD = budgetUSD
        self.until = until
    }

    /// A sentence for logs, `/healthz`, the remediation report and the gateway's 429.
    public var reason: String {
        "the \(system.rawValue) budget of \(Self.dollars(budgetUSD)) for this month is spent (\(Self.dollars(spentUSD))); "
            + "new \(system.rawValue) work waits until \(ISO8601DateFormatter().string(from: until)) or a larger "
            + "costs.monthly_budget_usd.\(system.rawValue)"
    }

    /// Dollars with cents, as the reason shows them.
    static func dollars(_ amount: Double) -> String { "$" + String(format: "%.2f", amount) }
}

/// Whether a system's new work is held by its monthly budget: a pure decision, tested as a table.
public enum BudgetDecision {
    /// The hold for `system` at `now`, or `nil` when it may start new work.
    ///
    /// - Parameters:
    ///   - system: the system about to start work.
    ///   - spentUSD: its month-to-date cost (runs with a price).
    ///   - budgetUSD: its budget, `nil` for none.
    ///   - now: the time, for the end of the hold.
    /// - Returns: a hold once the cost reaches the budget (a budget of 0 holds everything).
    public static func hold(system: BudgetSystem, spentUSD: Double, budgetUSD: Double?, now: Date) -> BudgetHold? {
        guard let budgetUSD, spentUSD >= budgetUSD else { return nil }
        return BudgetHold(system: system, spentUSD: spentUSD, budgetUSD: budgetUSD, until: BillingMonth.start(after: now))
    }
}

/// The UTC calendar month budgets are counted in.
public enum BillingMonth {
    private static var calendar: Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        return calendar
    }

    /// The first instant (UTC) of the month `date` falls in.
    public static func start(of date: Date) -> Date {
        calendar.dateInterval(of: .month, for: date)?.start ?? date
    }

    /// The first instant (UTC) of the month after the one `date` falls in.
    public static func start(after date: Date) -> Date {
        calendar.dateInterval(of: .month, for: date)?.end ?? date
    }
}
