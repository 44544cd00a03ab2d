public import Prometheus
import WardenCore

/// The webhook ingest figures exported at `/metrics`.
///
/// Built on one `PrometheusCollectorRegistry` per server, so two servers in one test process never share counts.
public final class WebhookMetrics: Sendable {
    /// The registry `/metrics` renders.
    public let registry: PrometheusCollectorRegistry
    private let enqueued: Counter
    private let deduplicated: Counter
    private let ackLatency: DurationHistogram

    /// Creates the metrics on `registry`.
    public init(registry: PrometheusCollectorRegistry) {
        self.registry = registry
        self.enqueued = registry.makeCounter(
            descriptor: .init(namespace: "warden", subsystem: "webhook", metricName: "enqueued", unitName: "total",
                              helpText: "Jobs enqueued from webhook deliveries.")
        )
        self.deduplicated = registry.makeCounter(
            descriptor: .init(namespace: "warden", subsystem: "webhook", metricName: "deduplicated", unitName: "total",
                              helpText: "Deliveries whose job id or Idempotency-Key was already known.")
        )
        self.ackLatency = registry.makeDurationHistogram(
            descriptor: .init(namespace: "warden", subsystem: "webhook", metricName: "ack", unitName: "seconds",
                              helpText: "Time from receiving a delivery to answering it."),
            buckets: [.microseconds(500), .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10), .milliseconds(25),
                      .milliseconds(100), .milliseconds(500), .seconds(2), .seconds(10)]
        )
    }

    /// Counts one GitLab delivery by its event header and what became of it.
    /// - Parameters:
    ///   - event: Which hook the delivery claims to be (label `event`).
    ///   - outcome: What became of it (label `outcome`); new jobs and duplicates also count on their own counters.
    public func delivery(event: WebhookEventKind, outcome: WebhookOutcome) {
        delivery(forge: .gitlab, event: event.metricLabel, outcome: outcome)
    }

    /// Counts one GitHub delivery by its event header and what became of it.
    public func delivery(event: GitHubWebhookEventKind, outcome: WebhookOutcome) {
        delivery(forge: .github, event: event.metricLabel, outcome: outcome)
    }

    private func delivery(forge: ForgeKind, event: String, outcome: WebhookOutcome) {
        registry.makeCounter(
            descriptor: .init(namespace: "warden", subsystem: "webhook", metricName: "deliveries", unitName: "total",
                              helpText: "Webhook deliveries by event, outcome and forge."),
            labels: [("event", event), ("outcome", outcome.metricLabel), ("forge", forge.rawValue)]
        ).increment()
        switch outcome {
        case .enqueued: enqueued.increment()
        case .duplicate: deduplicated.increment()
        case .ignored, .unauthorized, .tooLarge, .malformed, .error: break
        }
    }

    /// Records how long a delivery took to answer.
    public func acknowledged(after duration: Duration) {
        ackLatency.record(duration)
    }
}
