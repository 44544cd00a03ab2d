import Foundation
import Logging
import ReviewBot
import Testing
import WardenTestSupport

@Suite("ReviewLatencyBenchmark", .serialized)
struct ReviewLatencyBenchmarkTests {
    /// This checkout: its `HEAD~1..HEAD` is the benchmark's merge request.
    static let checkout = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().path

    @Test("every review of the benchmark reaches the model, cold and warm")
    func reachesTheModel() async throws {
        let directory = try TestDataDirectory()
        defer { directory.remove() }
        let report = try await ReviewLatencyBenchmark(
            parameters: .init(reviews: 3, repositoryPath: Self.checkout, codexBinary: try CodexBinary.path(), dataDirectory: directory.path),
            logger: .init(label: "warden.bench.test")
        ).run()
        #expect(report.warm.count == 3)
        #expect(report.coldMilliseconds > 0)
        print("review latency: cold \(report.coldMilliseconds) ms, warm p50 \(report.warm.p50Milliseconds) ms, max \(report.warm.maxMilliseconds) ms")
    }
}
