import ArgumentParser
import Foundation
import Remediation
import WardenBenchmarks

/// `warden bench secret-scan`: the remediation gate's secret scanner (gitleaks' default rules) on a large
/// synthetic diff, in lines per second.
struct BenchSecretScanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "secret-scan",
        abstract: "Secret scanner throughput (gitleaks default rules) on a large synthetic diff, in lines per second."
    )

    @Option(help: "Added lines in the synthetic diff.") var lines = 100_000
    @Option(help: "Measured runs; the median is reported.") var runs = 3
    @Flag(help: "Print the report as JSON.") var json = false

    func validate() throws {
        guard (1...10_000_000).contains(lines) else { throw ValidationError("--lines must be 1…10000000") }
        guard (1...100).contains(runs) else { throw ValidationError("--runs must be 1…100") }
    }

    func run() async throws {
        let scanner = SecretScanner(ruleSet: try SecretRuleSet.gitleaksDefaults())
        let report = SecretScanBenchmark(lines: lines, runs: runs).run(scanner: scanner)
        try BenchOutput.print(report, json: json, markdown: report.markdown)
    }
}
