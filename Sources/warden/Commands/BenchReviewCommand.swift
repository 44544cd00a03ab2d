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
    @Option(help: "The codex binary (default: $WARDEN_CODEX_BIN, else ./.tools/codex-0.163.0/codex_cli_bin/bin/codex).") var codex: String?
    @Option(help: "Where the throw-away store and cache live (default: a new folder under ./.warden/bench).") var dataDir: String?
    @Flag(help: "Print the report as JSON.") var json = false

    func validate() throws {
        guard (1...1000).contains(reviews) else { throw ValidationError("--reviews must be 1…1000") }
    }

    func run() async throws {
        let current = FileManager.default.currentDirectoryPath
        let binary = try LoadedConfiguration.codexBinary(codex)
        let source = repository.map { $0.hasPrefix("/") ? $0 : current + "/" + $0 } ?? current
        let report = try await BenchOutput.withScratchDirectory(dataDir) { directory in
            try await ReviewLatencyBenchmark(
                parameters: .init(reviews: reviews, repositoryPath: source, codexBinary: binary, dataDirectory: directory),
                logger: Logger(label: "warden.bench")
            ).run()
        }
        try BenchOutput.print(report, json: json, markdown: report.markdown(codex: binary))
    }
}
