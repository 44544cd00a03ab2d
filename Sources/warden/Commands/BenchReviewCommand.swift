import ArgumentParser
import Foundation
import Logging
import WardenBenchmarks

/// `warden bench review-latency`: webhook to the model's first request, with the repository in the warm cache,
/// against a baseline of `codex exec --json` spawned directly in the same run.
struct BenchReviewCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "review-latency",
        abstract:
            "Time from a merge request webhook to codex's first model request, warm repository cache, all on loopback, against codex spawned directly."
    )

    @Option(help: "Warm reviews measured after the cold one, and as many baseline spawns.") var reviews = 10
    @Option(help: "The local git repository whose HEAD~1..HEAD is the merge request (default: the current directory).")
    var repository: String?
    @Option(help: "Review a synthetic repository of this many files instead of --repository.") var files: Int?
    @Option(help: "Commits in the synthetic repository (with --files).") var commits = 3000
    @Option(help: "The codex binary (default: $WARDEN_CODEX_BIN, else ./.tools/codex-0.163.0/codex_cli_bin/bin/codex).") var codex: String?
    @Option(help: "Where the throw-away store and cache live (default: a new folder under ./.warden/bench).") var dataDir: String?
    @Flag(help: "Print the report as JSON.") var json = false

    func validate() throws {
        guard (1...1000).contains(reviews) else { throw ValidationError("--reviews must be 1…1000") }
        if let files, !(1...100_000).contains(files) { throw ValidationError("--files must be 1…100000") }
        guard (3...1_000_000).contains(commits) else { throw ValidationError("--commits must be 3…1000000") }
        if files != nil, repository != nil { throw ValidationError("--files builds its own repository; leave out --repository") }
    }

    func run() async throws {
        let current = FileManager.default.currentDirectoryPath
        let binary = try LoadedConfiguration.codexBinary(codex)
        let given = repository.map { $0.hasPrefix("/") ? $0 : current + "/" + $0 } ?? current
        let (files, commits, reviews) = (self.files, self.commits, self.reviews)
        let report = try await BenchOutput.withScratchDirectory(dataDir) { directory in
            var source = given
            if let files {
                source = try await ReviewLatencyBenchmark.syntheticRepository(files: files, commits: commits, in: directory + "/synthetic")
            }
            return try await ReviewLatencyBenchmark(
                parameters: .init(reviews: reviews, repositoryPath: source, codexBinary: binary, dataDirectory: directory),
                logger: Logger(label: "warden.bench")
            ).run()
        }
        try BenchOutput.print(report, json: json, markdown: report.markdown(codex: binary))
    }
}
