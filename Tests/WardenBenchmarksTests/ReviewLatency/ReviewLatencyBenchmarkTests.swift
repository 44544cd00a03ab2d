import Foundation
import Logging
import Testing
import WardenBenchmarks
import WardenTestSupport

@Suite("ReviewLatencyBenchmark", .serialized)
struct ReviewLatencyBenchmarkTests {
    /// This checkout: its `HEAD~1..HEAD` is the benchmark's merge request.
    static let checkout = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().path

    @Test("every review and every baseline spawn of the benchmark reaches the model")
    func reachesTheModel() async throws {
        let directory = try TestDataDirectory()
        defer { directory.remove() }
        let report = try await ReviewLatencyBenchmark(
            parameters: .init(reviews: 3, repositoryPath: Self.checkout, codexBinary: try CodexBinary.path(), dataDirectory: directory.path),
            logger: .init(label: "warden.bench.test")
        ).run()
        #expect(report.warm.count == 3)
        #expect(report.baseline.count == 3)
        #expect(report.coldMilliseconds > 0)
        #expect(report.baseline.p50Milliseconds > 0)
        #expect(report.promptBytes > 0)
        #expect(report.addedMilliseconds == report.warm.p50Milliseconds - report.baseline.p50Milliseconds)
        print(report.markdown(codex: try CodexBinary.path()))
    }

    @Test("the report is a Markdown table with what Warden adds to the baseline and the ratio")
    func rendersMarkdown() throws {
        let report = ReviewLatencyBenchmark.Report(
            coldMilliseconds: 900,
            warm: LatencySummary([.milliseconds(300), .milliseconds(320)], elapsed: .seconds(1)),
            baseline: LatencySummary([.milliseconds(200), .milliseconds(210)], elapsed: .seconds(1)),
            promptBytes: 1234
        )
        #expect(report.addedMilliseconds == 100)
        #expect(report.ratio == 1.5)
        let lines = report.markdown(codex: "/bin/codex").split(separator: "\n").map(String.init)
        #expect(lines.contains("| phase | runs | p50 ms | p99 ms | max ms | p50 vs baseline |"))
        #expect(lines.contains { $0.hasPrefix("| baseline: ") && $0.hasSuffix("| 2 | 200.0 | 210.0 | 210.0 | 1.00× |") })
        #expect(lines.contains { $0.hasPrefix("| Warden, warm cache: ") && $0.hasSuffix("| 2 | 300.0 | 320.0 | 320.0 | 1.50× |") })
        #expect(lines.contains { $0.hasPrefix("| Warden, cold (clone): ") && $0.hasSuffix("| 1 | 900.0 | 900.0 | 900.0 | 4.50× |") })
        #expect(lines.last == "Warden adds 100.0 ms at p50 (warm p50 − baseline p50); warm/baseline p50 ratio 1.50×")
        let decoded = try JSONDecoder().decode(ReviewLatencyBenchmark.Report.self, from: JSONEncoder().encode(report))
        #expect(decoded.ratio == 1.5)
        #expect(decoded.baseline == report.baseline)
    }
}
