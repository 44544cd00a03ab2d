import Foundation

/// Renders benchmark reports as the Markdown rows BENCHMARKS.md keeps.
public enum BenchmarkRendering {
    /// The webhook ingest report as a Markdown table with the ratio against the baseline.
    public static func webhooks(_ report: WebhookBenchmark.Report, deliveries: Int, concurrency: Int, duplicates: Double) -> String {
        func row(_ name: String, _ summary: LatencySummary) -> String {
            "| \(name) | \(summary.count) | \(format(summary.perSecond ?? 0, 0)) | \(format(summary.p50Milliseconds, 2)) | "
                + "\(format(summary.p99Milliseconds, 2)) | \(format(summary.maxMilliseconds, 2)) |"
        }
        return """
            webhook ingest: \(deliveries) durable deliveries, \(concurrency) concurrent clients, \(Int(duplicates * 100))% redeliveries

            | phase | requests | deliveries/s | p50 ms | p99 ms | max ms |
            |---|---|---|---|---|---|
            \(row("baseline (ignored, no write)", report.baseline))
            \(row("durable (enqueue + dedupe)", report.durable))

            durable/baseline throughput: \(format(report.throughputRatio, 2))×; jobs stored: \(report.jobsStored) of \(report.distinctEvents) distinct events
            """
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
