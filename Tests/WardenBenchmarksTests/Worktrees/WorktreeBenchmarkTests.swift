import Logging
import Testing
import WardenBenchmarks
import WardenTestSupport

@Suite("Worktree benchmark")
struct WorktreeBenchmarkTests {
    @Test("a tiny run times every kind of worktree on a packed synthetic repository and prints the table")
    func tinyRun() async throws {
        let directory = try TestDataDirectory()
        defer { directory.remove() }
        var logger = Logger(label: "warden.test.bench")
        logger.logLevel = .warning
        let report = try await WorktreeBenchmark(
            parameters: .init(commits: 20, files: 5, runs: 2, dataDirectory: directory.path),
            logger: logger
        ).run()

        #expect(report.commits == 20 && report.files == 5)
        #expect(report.repositoryBytes > 0, "the history is packed")
        for seconds in [report.freshSeconds, report.warmSeconds, report.cachedSeconds] {
            #expect(seconds.count == 2 && seconds.allSatisfy { $0 > 0 })
        }
        #expect(report.markdown.contains("Repository: 20 commits, 5 files"))
        #expect(report.markdown.contains("| warm cache, commit already cached (`worktree add` only) |"))
    }
}
