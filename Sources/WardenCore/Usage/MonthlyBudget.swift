/// Whether a system may start new work under its monthly budget; the store's `CostBudget` answers it, and systems
/// that do not import the store (the gateway) depend on this.
public protocol MonthlyBudget: Sendable {
    /// The hold on `system`'s new work, or `nil` when it may start some.
    /// - Throws: when the run ledger cannot be read.
    func hold(for system: BudgetSystem) async throws -> BudgetHold?
}
