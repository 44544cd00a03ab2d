import Store
import Testing
import WardenBenchmarks
import WardenTestSupport

/// `warden bench queue` on both stores, small: every job is claimed once and done.
@Suite("Queue benchmark", .timeLimit(.minutes(2)))
struct QueueBenchmarkTests {
    @Test("every enqueued job is claimed exactly once and done, with latencies for both phases", arguments: TestStore.allCases)
    func drainsOnce(store: TestStore) async throws {
        let directory = try TestDataDirectory()
        defer { directory.remove() }
        let opened = try store.open(dataDirectory: directory)
        defer { opened.remove() }
        let parameters = QueueBenchmark.Parameters(jobs: 120, workers: 3, enqueuers: 4)
        let report = try await QueueBenchmark(parameters: parameters) { opened.store }.run()
        #expect(report.doubleClaims == 0)
        #expect(report.jobsDone == 120)
        #expect(report.enqueue.count == 120 && report.claim.count == 120)
        #expect(QueueBenchmark.markdown(report, store: store.description, parameters: parameters).contains("double claims: 0; jobs done: 120 of 120"))
    }
}
