import Foundation
import Gateway
import Logging
import Testing
import WardenTestSupport

/// `warden bench gateway` end to end on a tiny run: the real codex app-server, the in-process gateway and
/// the built `warden gateway`, against the benchmark's own stand-in model.
@Suite("Gateway benchmark")
struct GatewayBenchmarkTests {
    @Test("a two-run bench reports every latency path, both memory readings and a Markdown table, and cleans up")
    func tinyBench() async throws {
        let scratch = GatewayHarness.repositoryRoot.appendingPathComponent(".build/test-codex-homes/bench-\(UUID().uuidString.lowercased())").path
        defer { try? FileManager.default.removeItem(atPath: scratch) }
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
                summary.minMs > 0 && summary.minMs <= summary.p50Ms && summary.p50Ms <= summary.p99Ms && summary.p99Ms <= summary.maxMs,
                "\(name)"
            )
        }
        #expect(report.directFromThreadStart.p50Ms >= report.direct.p50Ms, "counting from thread/start includes the turn")
        #expect(report.idle.gatewayKiB > 0 && report.idleAfterTurns.gatewayKiB > 0)
        #expect((report.idle.workerKiB ?? 0) > 0, "the worker was found through /healthz")
        #expect(report.markdown.contains("| gateway: `POST /v1/chat/completions` (stream) → first content chunk | 2 |"))
        #expect(report.markdown.contains("| `warden gateway` |"))
        let leftovers = (try? FileManager.default.contentsOfDirectory(atPath: scratch)) ?? []
        #expect(leftovers.isEmpty, "the run's codex home and workspace are deleted")
    }
}
