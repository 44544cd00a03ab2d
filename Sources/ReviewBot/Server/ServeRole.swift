/// What one `warden serve` process does (`--role`), so several replicas on one PostgreSQL store can split the work:
/// receivers answer webhooks and enqueue, workers claim and review; `all` does both. Every role serves `/healthz`,
/// `/readyz` and `/metrics`.
public enum ServeRole: String, Sendable, CaseIterable {
    /// Webhooks and workers (the default, and the only sensible role on the embedded SQLite store of one machine).
    case all
    /// Webhooks only: deliveries are stored for the workers of other replicas.
    case receiver
    /// Workers only: no webhook route (404), no webhook secret needed.
    case worker

    /// Whether the process answers `POST /webhooks/gitlab`.
    public var receivesWebhooks: Bool { self != .worker }

    /// Whether the process runs review workers.
    public var runsWorkers: Bool { self != .receiver }
}
