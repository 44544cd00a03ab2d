import Logging
import Testing
import WardenBenchmarks
import WardenTestSupport

@Suite("Incremental review benchmark")
struct IncrementalReviewBenchmarkTests {
    @Test("a small run drives the real codex through both reviews; the model reads each scope's diff and the re-review lists the earlier findings")
    func smallRun() async throws {
        let directory = try TestDataDirectory()
        defer { directory.remove() }
        var logger = Logger(label: "warden.test.bench")
        logger.logLevel = .warning
        let report = try await IncrementalReviewBenchmark(
            parameters: .init(files: 24, changedFiles: 4, findings: 3, codexBinary: try CodexBinary.path(), dataDirectory: directory.path),
            logger: logger
        ).run()

        #expect(report.full.modelRequests == 2 && report.incremental.modelRequests == 2)
        #expect(report.incremental.scopeDiffBytes > 0)
        #expect(report.incremental.scopeDiffBytes < report.full.scopeDiffBytes / 4, "a one-line push diffs one file, not four")
        #expect(report.incremental.promptBytes > report.full.promptBytes, "the re-review's prompt lists the findings already posted")
        #expect(report.full.modelRequestBytes > report.full.wardenBytes, "codex adds its own instructions to Warden's part")
        #expect(report.wardenRatio < 1 && report.modelRatio < 1)
        #expect(report.markdown.contains("| re-review after a one-line push | \(report.incremental.promptBytes) |"))
    }
}
