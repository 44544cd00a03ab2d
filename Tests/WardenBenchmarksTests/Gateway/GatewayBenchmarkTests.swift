import Foundation
import Logging
import Testing
import WardenBenchmarks
import WardenTestSupport

/// `warden bench gateway` end to end on a tiny run: the real codex app-server, the in-process gateway and
/// the built `warden gateway`, against the benchmark's own stand-in model.
@Suite("Gateway benchmark")
struct GatewayBenchmarkTests {
    @Test("a two-run bench reports every latency path, both memory readings and a Markdown table, and cleans up")
    func tinyBench() async throws {
        let directory = try TestDataDirectory()
        defer { directory.remove() }
        let scratch = directory.path
        var logger = Logger(label: "warden.test.bench")
        logger.logLevel = .warning
        let parameters = GatewayBenchmark.Parameters(
            wardenExecutable: try BuiltProducts.path("warden"),
            codexExecutable: try CodexBinary.path(),
            scratchDirectory: scratch,
            runs: 2,
            warmUpRuns: 1,
            recyclingRuns: 2,
            idleSeconds: 1,
            turnsBeforeSecondReading: 1,
            phaseTimeout: .seconds(120)
        )
        let report = try await GatewayBenchmark(parameters: parameters, logger: logger).run()

        for (name, summary) in [("direct", report.direct), ("direct from thread/start", report.directFromThreadStart), ("gateway", report.gateway), ("recycling", report.recycling)] {
            #expect(summary.count == 2, "\(name)")
            #expect(
                summary.minMilliseconds > 0 && summary.minMilliseconds <= summary.p50Milliseconds
                    && summary.p50Milliseconds <= summary.p99Milliseconds && summary.p99Milliseconds <= summary.maxMilliseconds,
                "\(name)"
            )
        }
        #expect(report.directFromThreadStart.p50Milliseconds >= report.direct.p50Milliseconds, "counting from thread/start includes the turn")
        #expect(report.idle.gatewayKiB > 0 && report.idleAfterTurns.gatewayKiB > 0)
        #expect((report.idle.workerKiB ?? 0) > 0, "the worker was found through /healthz")
        #expect(report.markdown.contains("| gateway: `POST /v1/chat/completions` (stream) → first content chunk | 2 |"))
        #expect(report.markdown.contains("| `warden gateway` |"))
        let leftovers = (try? FileManager.default.contentsOfDirectory(atPath: scratch)) ?? []
        #expect(leftovers.isEmpty, "the run's codex home and workspace are deleted")
    }
}
