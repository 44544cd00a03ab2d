public import Prometheus
public import WardenCore

/// A run ledger that also counts each recorded run in `/metrics`: `warden_codex_tokens_total{system,kind}`,
/// `warden_codex_cost_usd_total{system}` (runs with a price) and `warden_codex_run_seconds{system}`.
///
/// A run is counted only once the store has recorded it, so the figures of a process agree with the store's for the
/// runs that process made.
public struct MeteredRunLedger: CodexRunLedger {
    /// The store's ledger.
    public let ledger: any CodexRunLedger
    private let registry: PrometheusCollectorRegistry
    private let prices: PriceTable

    /// Buckets of `warden_codex_run_seconds`: a gateway turn takes seconds, a review minutes.
    static let runSecondsBuckets: [Double] = [1, 2.5, 5, 10, 30, 60, 120, 300, 600, 900, 1800]

    /// Wraps `ledger`, counting on `registry` with `prices`.
    public init(_ ledger: any CodexRunLedger, registry: PrometheusCollectorRegistry, prices: PriceTable) {
        self.ledger = ledger
        self.registry = registry
        self.prices = prices
        // Declared up front so a scrape shows the families (at zero) before the first run.
        for system in CodexSystem.allCases {
            for (kind, _) in RunTokens.zero.byKind { tokens(system, kind) }
        }
    }

    /// Records `run` in the store, then counts it.
    /// - Throws: the store's error; the run is not counted then.
    public func record(_ run: CodexRun) async throws {
        try await ledger.record(run)
        for (kind, count) in run.tokens.byKind where count > 0 { tokens(run.system, kind).increment(by: count) }
        if let cost = prices.cost(of: run.tokens, model: run.model) {
            registry.makeCounter(
                descriptor: .init(
                    namespace: "warden", subsystem: "codex", metricName: "cost_usd", unitName: "total",
                    helpText: "Cost of Codex runs whose model has a price, in US dollars."
                ),
                labels: [("system", run.system.rawValue)]
            ).increment(by: cost)
        }
        registry.makeValueHistogram(
            descriptor: .init(namespace: "warden", subsystem: "codex", metricName: "run", unitName: "seconds", helpText: "Duration of Codex runs."),
            labels: [("system", run.system.rawValue)],
            buckets: Self.runSecondsBuckets
        ).record(run.durationSeconds)
    }

    /// The store's running total of a thread. See ``CodexRunLedger/threadTokens(_:)``.
    public func threadTokens(_ threadID: String) async throws -> RunTokens {
        try await ledger.threadTokens(threadID)
    }

    @discardableResult
    private func tokens(_ system: CodexSystem, _ kind: String) -> Counter {
        registry.makeCounter(
            descriptor: .init(
                namespace: "warden", subsystem: "codex", metricName: "tokens", unitName: "total", helpText: "Tokens of Codex runs by kind."
            ),
            labels: [("system", system.rawValue), ("kind", kind)]
        )
    }
}
