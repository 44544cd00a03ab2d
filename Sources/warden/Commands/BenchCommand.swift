import ArgumentParser
import Foundation
import Logging
import WardenBenchmarks
import WardenCore

/// `warden bench …`: benchmarks that print figures for BENCHMARKS.md.
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure Warden on this machine.",
        subcommands: [
            Webhooks.self, BenchQueueCommand.self, BenchWorktreesCommand.self, BenchReviewCommand.self, BenchReviewPromptCommand.self, BenchResponsesProxyCommand.self, BenchSecretScanCommand.self, BenchGatewayCommand.self,
        ]
    )

    struct Webhooks: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Signed GitLab or GitHub deliveries from concurrent clients against `serve` on loopback, durable in SQLite."
        )

        @Option(help: "Whose deliveries: gitlab, or github (after an unmeasured GitLab warm-up; then GitLab's run follows in the same process, for the ratios).")
        var forge: ForgeKind = .gitlab
        @Option(help: "Durable-phase deliveries.") var deliveries = 20_000
        @Option(help: "Concurrent clients.") var concurrency = 32
        @Option(help: "Share of deliveries that repeat an earlier one (0 to 0.9).") var duplicates = 0.25
        @Option(help: "Where the throw-away store lives (default: a new folder under ./.warden/bench).") var dataDir: String?
        @Flag(help: "Print the report as JSON.") var json = false

        func validate() throws {
            guard deliveries > 0 else { throw ValidationError("--deliveries must be at least 1") }
            guard (1...1024).contains(concurrency) else { throw ValidationError("--concurrency must be 1…1024") }
            guard (0...0.9).contains(duplicates) else { throw ValidationError("--duplicates must be 0…0.9") }
        }

        func run() async throws {
            if forge == .github {
                // The first run in a process pays its warm-up (thread pools, allocator, page cache); an unmeasured
                // GitLab run takes it, so neither of the two compared runs does.
                _ = try await measure(.gitlab, store: "warm-up")
            }
            let report = try await measure(forge)
            let markdown = BenchmarkRendering.webhooks(report, deliveries: deliveries, concurrency: concurrency, duplicates: duplicates, forge: forge)
            guard forge == .github else {
                try BenchOutput.print(report, json: json, markdown: markdown)
                try check(report)
                return
            }
            let comparison = WebhookForgeComparison(github: report, gitlab: try await measure(.gitlab))
            try BenchOutput.print(
                comparison, json: json,
                markdown: markdown + "\n\n"
                    + BenchmarkRendering.webhooks(comparison.gitlab, deliveries: deliveries, concurrency: concurrency, duplicates: duplicates)
                    + "\n\n" + BenchmarkRendering.forgeComparison(comparison)
            )
            try check(comparison.github)
            try check(comparison.gitlab)
        }

        private func measure(_ forge: ForgeKind, store: String? = nil) async throws -> WebhookBenchmark.Report {
            // Several runs in one invocation get a store each.
            let given = self.forge == .github ? dataDir.map { "\($0)/\(store ?? forge.rawValue)" } : dataDir
            return try await BenchOutput.withScratchDirectory(given) { directory in
                try await WebhookBenchmark(
                    parameters: .init(
                        deliveries: deliveries, concurrency: concurrency, duplicateFraction: duplicates, dataDirectory: directory, forge: forge
                    ),
                    logger: Logger(label: "warden.bench")
                ).run()
            }
        }

        private func check(_ report: WebhookBenchmark.Report) throws {
            guard report.isConsistent else {
                FileHandle.standardError.write(
                    Data("warden bench: expected \(report.distinctEvents) jobs, found \(report.jobsStored); \(report.unexpectedResponses) unexpected responses\n".utf8)
                )
                throw ExitCode.failure
            }
        }
    }
}


