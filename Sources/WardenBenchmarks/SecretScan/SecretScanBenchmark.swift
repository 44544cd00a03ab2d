import Foundation
public import Git
public import Remediation
import WardenCore

/// Measures the secret scanner on a large synthetic diff: lines per second through the whole gitleaks
/// pipeline (keywords, regex, entropy, allowlists), for `BENCHMARKS.md`.
public struct SecretScanBenchmark: Sendable {
    /// The figures of one benchmark run.
    public struct Report: Sendable, Codable {
        /// Added lines scanned per run.
        public var lines: Int
        /// Their size in bytes.
        public var bytes: Int
        /// Files they are spread over.
        public var files: Int
        /// Rules applied.
        public var rules: Int
        /// Findings per run (the planted secrets).
        public var findings: Int
        /// The median run's duration in seconds.
        public var medianSeconds: Double
        /// Lines per second at the median.
        public var linesPerSecond: Double
        /// Megabytes per second at the median.
        public var megabytesPerSecond: Double

        /// The report as a Markdown table row set.
        public var markdown: String {
            """
            | lines | bytes | files | rules | findings | median | lines/s | MB/s |
            |---:|---:|---:|---:|---:|---:|---:|---:|
            | \(lines) | \(bytes) | \(files) | \(rules) | \(findings) | \(String(format: "%.3f s", medianSeconds)) | \(Int(linesPerSecond)) | \(String(format: "%.2f", megabytesPerSecond)) |

            """
        }
    }

    /// Added lines to scan.
    public let lines: Int
    /// Measured runs; the median is reported.
    public let runs: Int

    /// Creates a benchmark.
    public init(lines: Int = 100_000, runs: Int = 3) {
        self.lines = max(1, lines)
        self.runs = max(1, runs)
    }

    /// A diff that looks like code: assignments, calls, comments, configuration, words that trip the
    /// keyword prefilter (`token`, `key`, `password`), and one planted GitLab token per 10 000 lines.
    public static func syntheticDiff(lines: Int) -> [String: [AddedLine]] {
        let templates = [
            "    let tokenCount = usage.inputTokens + usage.outputTokens  // %d",
            "    func apiKeyHeader(for request: Request) -> String { request.headers[\"x-api-key\"] ?? \"\" } // %d",
            "    if password.isEmpty { throw AuthError.missingPassword(line: %d) }",
            "    config.timeout = .seconds(%d)",
            "    // Loads the secret from the vault at start-up, never from disk (%d).",
            "    logger.info(\"request handled\", metadata: [\"id\": \"%d\"])",
            "  access_level: maintainer   # %d",
            "    return items.filter { $0.count > %d }.map(\\.name).sorted()",
        ]
        var files: [String: [AddedLine]] = [:]
        for index in 0..<lines {
            let path = "Sources/Module\(index / 2000)/File\(index / 250).swift"
            let text: String
            if index % 10_000 == 5_000 {
                text = "    let fallback = \"glpat-Xk9mP2qR7vT4wZ\(String(format: "%06d", index))\""
            } else {
                text = String(format: templates[index % templates.count], index)
            }
            files[path, default: []].append(AddedLine(number: (files[path]?.count ?? 0) + 1, text: text))
        }
        return files
    }

    /// Runs the benchmark.
    ///
    /// - Parameter scanner: the scanner, with gitleaks' default rules in production.
    /// - Returns: the figures.
    public func run(scanner: SecretScanner) -> Report {
        let diff = Self.syntheticDiff(lines: lines)
        let bytes = diff.values.reduce(0) { $0 + $1.reduce(0) { $0 + $1.text.utf8.count + 1 } }
        var durations: [Duration] = []
        var findings = 0
        _ = scanner.scan(path: "warm-up.swift", lines: Array((diff.values.first ?? []).prefix(100)))
        for _ in 0..<runs {
            let clock = ContinuousClock()
            let started = clock.now
            findings = scanner.scan(diff).count
            durations.append(clock.now - started)
        }
        let median = durations.sorted()[durations.count / 2]
        let seconds = median.inSeconds
        return Report(
            lines: lines,
            bytes: bytes,
            files: diff.count,
            rules: scanner.ruleSet.rules.count,
            findings: findings,
            medianSeconds: seconds,
            linesPerSecond: Double(lines) / max(seconds, 1e-9),
            megabytesPerSecond: Double(bytes) / 1_000_000 / max(seconds, 1e-9)
        )
    }
}
