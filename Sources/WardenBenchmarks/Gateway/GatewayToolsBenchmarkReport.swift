import Foundation

/// The figures of one `warden bench gateway --tools` run.
public struct GatewayToolsBenchmarkReport: Sendable, Codable, Equatable {
    /// Measured runs.
    public var runs: Int
    /// Unmeasured runs first.
    public var warmUpRuns: Int
    /// Delta events in the stand-in's answer.
    public var deltas: Int
    /// Milliseconds of pause after each run.
    public var pauseMs: Int
    /// The result answers the turn waiting on the call: request sent → first content chunk.
    public var waiting: LatencySummary
    /// The same request with no turn waiting: a fresh thread with the history injected → first content chunk.
    public var fresh: LatencySummary

    /// Creates a report.
    public init(runs: Int, warmUpRuns: Int, deltas: Int, pauseMs: Int, waiting: LatencySummary, fresh: LatencySummary) {
        self.runs = runs
        self.warmUpRuns = warmUpRuns
        self.deltas = deltas
        self.pauseMs = pauseMs
        self.waiting = waiting
        self.fresh = fresh
    }

    /// Fresh p50 ÷ waiting p50; 0 when the waiting median is 0.
    public var ratioP50: Double { waiting.p50Milliseconds > 0 ? fresh.p50Milliseconds / waiting.p50Milliseconds : 0 }

    /// The report as the Markdown table of BENCHMARKS.md.
    public var markdown: String {
        func ms(_ value: Double) -> String { String(format: "%.2f", value) }
        func row(_ name: String, _ summary: LatencySummary) -> String {
            "| \(name) | \(summary.count) | \(ms(summary.p50Milliseconds)) | \(ms(summary.p99Milliseconds)) | \(ms(summary.minMilliseconds)) | \(ms(summary.maxMilliseconds)) |"
        }
        return """
            ### Gateway tools: function result → first content chunk (\(runs) runs after \(warmUpRuns) warm-up, \(deltas) deltas per answer, \(pauseMs) ms pause)

            | Path | Runs | p50 ms | p99 ms | min ms | max ms |
            |---|---:|---:|---:|---:|---:|
            \(row("result answers the waiting turn's `item/tool/call`", waiting))
            \(row("fresh request, same history: `thread/start` + `thread/inject_items` + `turn/start`", fresh))

            Fresh ÷ waiting at p50: **\(String(format: "%.2f", ratioP50))×** (\(ms(fresh.p50Milliseconds - waiting.p50Milliseconds)) ms).

            """
    }
}
