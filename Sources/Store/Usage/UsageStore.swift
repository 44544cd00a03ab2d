public import Foundation
public import WardenCore

/// The run ledger: one row per Codex run (review, follow-up, remediation, gateway turn) with its system, project,
/// merge request or finding, model, tokens, duration and outcome — ids and numbers only.
///
/// Rows are forgotten with the other records after `store.review_retention`.
public protocol UsageStore: CodexRunLedger {
    /// The runs that ended at or after `since`, oldest first.
    func runs(since: Date) async throws -> [CodexRun]

    /// The tokens of the runs that ended at or after `since`, summed per system and model: what a budget check
    /// prices, without reading every row.
    func usageTotals(since: Date) async throws -> [UsageTotal]
}

/// The tokens of one system's runs on one model, summed.
public struct UsageTotal: Sendable, Hashable {
    /// The system.
    public var system: CodexSystem
    /// The model.
    public var model: String
    /// The runs counted.
    public var runs: Int
    /// Their tokens.
    public var tokens: RunTokens

    /// Creates a total.
    public init(system: CodexSystem, model: String, runs: Int, tokens: RunTokens) {
        self.system = system
        self.model = model
        self.runs = runs
        self.tokens = tokens
    }
}
