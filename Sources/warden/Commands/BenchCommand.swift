import ArgumentParser
import Foundation
import Logging
import WardenBenchmarks

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
            abstract: "Signed GitLab deliveries from concurrent clients against `serve` on loopback, durable in SQLite."
        )

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
            let report = try await BenchOutput.withScratchDirectory(dataDir) { directory in
                try await WebhookBenchmark(
                    parameters: .init(deliveries: deliveries, concurrency: concurrency, duplicateFraction: duplicates, dataDirectory: directory),
                    logger: Logger(label: "warden.bench")
                ).run()
            }
            try BenchOutput.print(report, json: json, markdown: BenchmarkRendering.webhooks(report, deliveries: deliveries, concurrency: concurrency, duplicates: duplicates))
            guard report.isConsistent else {
                FileHandle.standardError.write(
                    Data("warden bench: expected \(report.distinctEvents) jobs, found \(report.jobsStored); \(report.unexpectedResponses) unexpected responses\n".utf8)
                )
                throw ExitCode.failure
            }
        }
    }
}
