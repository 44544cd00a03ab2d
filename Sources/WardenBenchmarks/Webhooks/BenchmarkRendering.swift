import Foundation
public import WardenCore

/// Renders benchmark reports as the Markdown rows BENCHMARKS.md keeps.
public enum BenchmarkRendering {
    /// The webhook ingest report as a Markdown table with the ratio against the baseline.
    public static func webhooks(
        _ report: WebhookBenchmark.Report,
        deliveries: Int,
        concurrency: Int,
        duplicates: Double,
        forge: ForgeKind = .gitlab
    ) -> String {
        func row(_ name: String, _ summary: LatencySummary) -> String {
            "| \(name) | \(summary.count) | \(format(summary.perSecond ?? 0, 0)) | \(format(summary.p50Milliseconds, 2)) | "
                + "\(format(summary.p99Milliseconds, 2)) | \(format(summary.maxMilliseconds, 2)) |"
        }
        return """
            webhook ingest (\(forge.rawValue)): \(deliveries) durable deliveries, \(concurrency) concurrent clients, \(Int(duplicates * 100))% redeliveries

            | phase | requests | deliveries/s | p50 ms | p99 ms | max ms |
            |---|---|---|---|---|---|
            \(row("baseline (ignored, no write)", report.baseline))
            \(row("durable (enqueue + dedupe)", report.durable))

            durable/baseline throughput: \(format(report.throughputRatio, 2))×; jobs stored: \(report.jobsStored) of \(report.distinctEvents) distinct events
            """
    }

    /// GitHub's figures against GitLab's of the same run: durable throughput and p99 latency as ratios.
    public static func forgeComparison(_ comparison: WebhookForgeComparison) -> String {
        "github/gitlab durable throughput: \(format(comparison.throughputRatio, 2))×; github/gitlab durable p99: \(format(comparison.p99Ratio, 2))×"
    }

    private static func format(_ value: Double, _ decimals: Int) -> String {
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let rounded = (value * scale).rounded() / scale
        let text = String(rounded)
        guard decimals > 0 else { return String(Int(rounded)) }
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        let fraction = parts.count > 1 ? String(parts[1]) : ""
        return "\(parts[0]).\(fraction.padding(toLength: decimals, withPad: "0", startingAt: 0))"
    }
}
