import ArgumentParser
import Foundation
import Logging
import WardenBenchmarks

/// `warden bench worktrees`: a job's worktree from the warm bare-clone cache against a fresh clone.
struct BenchWorktreesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "worktrees",
        abstract: "Worktree from a warm repository cache vs a fresh clone, on a synthetic repository (file:// URL)."
    )

    @Option(help: "Commits in the synthetic repository.") var commits = 3000
    @Option(help: "Files in its tree.") var files = 300
    @Option(help: "Measured runs of each kind; the median is reported.") var runs = 5
    @Option(help: "Where the throw-away repositories live (default: a new folder under ./.warden/bench).") var dataDir: String?
    @Flag(help: "Print the report as JSON.") var json = false

    func validate() throws {
        guard (1...1_000_000).contains(commits) else { throw ValidationError("--commits must be 1…1000000") }
        guard (1...100_000).contains(files) else { throw ValidationError("--files must be 1…100000") }
        guard (1...100).contains(runs) else { throw ValidationError("--runs must be 1…100") }
    }

    func run() async throws {
        let report = try await BenchOutput.withScratchDirectory(dataDir) { directory in
            try await WorktreeBenchmark(
                parameters: .init(commits: commits, files: files, runs: runs, dataDirectory: directory),
                logger: Logger(label: "warden.bench")
            ).run()
        }
        try BenchOutput.print(report, json: json, markdown: report.markdown)
    }
}
