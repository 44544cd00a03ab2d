import Logging
import Testing
import WardenBenchmarks
import WardenCore
import WardenTestSupport

@Suite("Webhook benchmark")
struct WebhookBenchmarkTests {
    @Test("a tiny run stores one job per distinct event and prints both phases with their rates")
    func tinyRun() async throws {
        let directory = try TestDataDirectory()
        defer { directory.remove() }
        let report = try await WebhookBenchmark(
            parameters: .init(deliveries: 40, concurrency: 2, duplicateFraction: 0.25, dataDirectory: directory.path),
            logger: Logger(label: "warden.test.bench")
        ).run()

        #expect(report.isConsistent)
        #expect(report.distinctEvents == 30)
        #expect(report.baseline.count == 10 && report.durable.count == 40)
        #expect((report.durable.perSecond ?? 0) > 0)
        let table = BenchmarkRendering.webhooks(report, deliveries: 40, concurrency: 2, duplicates: 0.25)
        #expect(table.contains("| durable (enqueue + dedupe) | 40 |"))
    }

    @Test("a tiny GitHub run, every delivery signed, stores one job per distinct pull request head and compares with GitLab's")
    func tinyGitHubRun() async throws {
        let directory = try TestDataDirectory()
        defer { directory.remove() }
        func run(_ forge: ForgeKind) async throws -> WebhookBenchmark.Report {
            try await WebhookBenchmark(
                parameters: .init(deliveries: 40, concurrency: 2, duplicateFraction: 0.25, dataDirectory: directory.path + "/\(forge.rawValue)", forge: forge),
                logger: Logger(label: "warden.test.bench")
            ).run()
        }
        let comparison = WebhookForgeComparison(github: try await run(.github), gitlab: try await run(.gitlab))
        #expect(comparison.isConsistent)
        #expect(comparison.github.distinctEvents == 30 && comparison.github.jobsStored == 30)
        #expect(comparison.github.baseline.count == 10 && comparison.github.durable.count == 40)
        #expect(comparison.throughputRatio > 0 && comparison.p99Ratio > 0)
        let table = BenchmarkRendering.webhooks(comparison.github, deliveries: 40, concurrency: 2, duplicates: 0.25, forge: .github)
        #expect(table.hasPrefix("webhook ingest (github)"))
        #expect(BenchmarkRendering.forgeComparison(comparison).hasPrefix("github/gitlab durable throughput: "))
    }
}
