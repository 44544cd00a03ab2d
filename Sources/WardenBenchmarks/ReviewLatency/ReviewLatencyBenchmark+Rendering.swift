import Foundation

extension ReviewLatencyBenchmark.Report {
    /// The report as a Markdown table: the baseline, the warm reviews and the cold one, each with p50, p99 and
    /// max, and its p50 as a multiple of the baseline's; then what Warden adds at p50 and the ratio.
    /// - Parameter codex: the codex binary, for the caption.
    public func markdown(codex: String) -> String {
        func row(_ name: String, _ count: Int, _ p50: Double, _ p99: Double, _ max: Double) -> String {
            "| \(name) | \(count) | \(Self.format(p50)) | \(Self.format(p99)) | \(Self.format(max)) | \(multiple(p50)) |"
        }
        func row(_ name: String, _ summary: LatencySummary) -> String {
            row(name, summary.count, summary.p50Milliseconds, summary.p99Milliseconds, summary.maxMilliseconds)
        }
        func multiple(_ value: Double) -> String {
            baseline.p50Milliseconds > 0 ? String(format: "%.2f×", value / baseline.p50Milliseconds) : "–"
        }
        return """
            first model request on loopback, same stand-ins, same run (codex \(codex), prompt \(promptBytes) bytes)

            | phase | runs | p50 ms | p99 ms | max ms | p50 vs baseline |
            |---|---|---|---|---|---|
            \(row("baseline: `codex exec --json` spawned directly, spawn → first model request", baseline))
            \(row("Warden, warm cache: webhook → first model request", warm))
            \(row("Warden, cold (clone): webhook → first model request", 1, coldMilliseconds, coldMilliseconds, coldMilliseconds))

            Warden adds \(Self.format(addedMilliseconds)) ms at p50 (warm p50 − baseline p50); warm/baseline p50 ratio \(String(format: "%.2f", ratio))×
            """
    }

    private static func format(_ milliseconds: Double) -> String {
        String(format: "%.1f", milliseconds)
    }
}
