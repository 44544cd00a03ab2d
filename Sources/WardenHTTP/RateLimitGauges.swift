public import Foundation
public import Prometheus

/// The Codex seat's usage windows as gauges, the same on `warden serve`'s and `warden gateway`'s `/metrics`:
/// `warden_codex_rate_limit_used_percent{window}` and `warden_codex_rate_limit_resets_at_seconds{window}`.
public enum RateLimitGauges {
    /// Sets the gauges of each window.
    ///
    /// - Parameters:
    ///   - windows: the windows codex reported last: name (`primary`, `secondary`), used percent, reset time.
    ///   - registry: the registry `/metrics` renders.
    public static func set(_ windows: [(name: String, usedPercent: Double, resetsAt: Date?)], in registry: PrometheusCollectorRegistry) {
        for window in windows {
            registry.makeGauge(
                descriptor: .init(
                    namespace: "warden", subsystem: "codex", metricName: "rate_limit_used_percent", unitName: "",
                    helpText: "How much of the Codex seat's usage window is used, 0-100."
                ),
                labels: [("window", window.name)]
            ).set(to: window.usedPercent)
            if let resetsAt = window.resetsAt {
                registry.makeGauge(
                    descriptor: .init(
                        namespace: "warden", subsystem: "codex", metricName: "rate_limit_resets_at", unitName: "seconds",
                        helpText: "When the Codex seat's usage window resets, in seconds since 1970."
                    ),
                    labels: [("window", window.name)]
                ).set(to: resetsAt.timeIntervalSince1970)
            }
        }
    }
}
