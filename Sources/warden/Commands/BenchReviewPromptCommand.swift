import ArgumentParser
import Foundation
import Logging
import WardenBenchmarks

/// `warden bench review-prompt`: what a re-review after a one-line push sends to the model, against the full review
/// of the same merge request.
struct BenchReviewPromptCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "review-prompt",
        abstract: "Bytes (and estimated tokens) a re-review after a one-line push sends to the model, against the full review of the same merge request."
    )

    @Option(help: "Files in the synthetic repository.") var files = 300
    @Option(help: "Files the merge request rewrites.") var changedFiles = 12
    @Option(help: "Findings of the first review listed to the re-review.") var findings = 6
    @Option(help: "The codex binary (default: $WARDEN_CODEX_BIN, else ./.tools/codex-0.163.0/codex_cli_bin/bin/codex).") var codex: String?
    @Option(help: "Where the throw-away repositories live (default: a new folder under ./.warden/bench).") var dataDir: String?
    @Flag(help: "Print the report as JSON.") var json = false

    func validate() throws {
        guard (1...100_000).contains(files) else { throw ValidationError("--files must be 1…100000") }
        guard (1...files).contains(changedFiles) else { throw ValidationError("--changed-files must be 1…--files") }
        guard (0...1000).contains(findings) else { throw ValidationError("--findings must be 0…1000") }
    }

    func run() async throws {
        let binary = try LoadedConfiguration.codexBinary(codex)
        let (files, changedFiles, findings) = (self.files, self.changedFiles, self.findings)
        let report = try await BenchOutput.withScratchDirectory(dataDir) { directory in
            try await IncrementalReviewBenchmark(
                parameters: .init(files: files, changedFiles: changedFiles, findings: findings, codexBinary: binary, dataDirectory: directory),
                logger: Logger(label: "warden.bench")
            ).run()
        }
        try BenchOutput.print(report, json: json, markdown: report.markdown)
    }
}
