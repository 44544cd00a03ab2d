import Foundation
import Logging
import Testing
import WardenBenchmarks
import WardenTestSupport

/// `warden bench gateway --tools` end to end on a tiny run: the real codex app-server and the in-process gateway,
/// each run a function call, its result answered to the waiting turn, then the same request on a fresh thread.
@Suite("Gateway tools benchmark")
struct GatewayToolsBenchmarkTests {
    @Test("a two-run bench times both paths, reports a Markdown table, and cleans up")
    func tinyBench() async throws {
        let directory = try TestDataDirectory()
        defer { directory.remove() }
        var logger = Logger(label: "warden.test.bench")
        logger.logLevel = .warning
        let parameters = GatewayBenchmark.Parameters(
            wardenExecutable: try BuiltProducts.path("warden"),
            codexExecutable: try CodexBinary.path(),
            scratchDirectory: directory.path,
            runs: 2,
            warmUpRuns: 1,
            phaseTimeout: .seconds(120)
        )
        let report = try await GatewayBenchmark(parameters: parameters, logger: logger).runTools()
        for (name, summary) in [("waiting", report.waiting), ("fresh", report.fresh)] {
            #expect(summary.count == 2, "\(name)")
            #expect(summary.minMilliseconds > 0 && summary.minMilliseconds <= summary.maxMilliseconds, "\(name)")
        }
        #expect(report.ratioP50 > 0)
        #expect(report.markdown.contains("| result answers the waiting turn's `item/tool/call` | 2 |"))
        let leftovers = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        #expect(leftovers.isEmpty, "the run's codex home and workspace are deleted")
    }
}
