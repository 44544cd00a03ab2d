import Logging
import Testing
import WardenBenchmarks
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
}
