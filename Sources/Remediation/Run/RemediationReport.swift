import Foundation
import WardenCore

/// The result of one `warden remediate` run: one row per finding, or why nothing ran.
public struct RemediationReport: Sendable, Equatable {
    /// One finding's row.
    public struct Row: Sendable, Equatable {
        /// The finding's id.
        public var findingID: String
        /// What became of it.
        public var outcome: FindingOutcome
        /// Tokens Codex used (input + output), 0 when it did not run.
        public var tokens: Int
        /// How long the finding took.
        public var duration: Duration
        /// The session log, relative to the data directory, when Codex ran.
        public var sessionLog: String?

        /// Creates a row.
        public init(findingID: String, outcome: FindingOutcome, tokens: Int = 0, duration: Duration = .zero, sessionLog: String? = nil) {
            self.findingID = findingID
            self.outcome = outcome
            self.tokens = tokens
            self.duration = duration
            self.sessionLog = sessionLog
        }
    }

    /// The project, as `group/name`.
    public var project: String
    /// The day (UTC) the run counted against.
    public var day: String
    /// Why the run did nothing at all (the kill switch), or `nil`.
    public var stoppedReason: String?
    /// The findings, in order.
    public var rows: [Row]
    /// What an operator must know about the whole run (the test command ran without a sandbox).
    public var warnings: [String]

    /// Creates a report.
    public init(project: String, day: String, stoppedReason: String? = nil, rows: [Row] = [], warnings: [String] = []) {
        self.project = project
        self.day = day
        self.stoppedReason = stoppedReason
        self.rows = rows
        self.warnings = warnings
    }

    /// Whether any finding failed for a reason other than a gate: the command then exits non-zero.
    public var hasFailures: Bool { rows.contains { $0.outcome.isFailure } }

    /// The summary table a person reads at the end of a run.
    public var table: String {
        let warningLines = warnings.map { "WARNING: \($0)\n" }.joined()
        if let stoppedReason { return warningLines + "Nothing done for \(project): \(stoppedReason)\n" }
        guard !rows.isEmpty else { return warningLines + "No findings for \(project).\n" }
        let header = ["finding", "outcome", "merge request or reason", "tokens", "duration"]
        let cells = rows.map { row in
            [row.findingID, row.outcome.label, row.outcome.detail, String(row.tokens), Self.format(row.duration)]
        }
        var widths = header.map(\.count)
        for line in cells {
            for (column, cell) in line.enumerated() { widths[column] = max(widths[column], cell.count) }
        }
        func render(_ line: [String]) -> String {
            line.enumerated().map { column, cell in
                column == line.count - 1 ? cell : cell.padding(toLength: widths[column], withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
        }
        var text = warningLines + render(header) + "\n" + render(widths.map { String(repeating: "-", count: $0) }) + "\n"
        for line in cells { text += render(line) + "\n" }
        let opened = rows.filter { if case .mergeRequestOpened = $0.outcome { true } else { false } }.count
        text += "\(rows.count) findings, \(opened) merge requests opened, \(rows.filter { $0.outcome.isGateRejection }.count) stopped by a gate, "
        text += "\(rows.filter { $0.outcome.isFailure }.count) failed.\n"
        return text
    }

    /// The report as JSON for machines (`--json`).
    public var json: String {
        struct Document: Encodable {
            struct Entry: Encodable {
                var finding: String
                var outcome: String
                var detail: String
                var mergeRequestURL: String?
                var secretFindings: [SecretFinding]?
                var tokens: Int
                var durationSeconds: Double
                var sessionLog: String?
                var failed: Bool
            }
            var project: String
            var day: String
            var stoppedReason: String?
            var warnings: [String]
            var findings: [Entry]
            var failed: Bool
        }
        let document = Document(
            project: project,
            day: day,
            stoppedReason: stoppedReason,
            warnings: warnings,
            findings: rows.map { row in
                var url: String?
                var secrets: [SecretFinding]?
                switch row.outcome {
                case .mergeRequestOpened(_, let link): url = link
                case .secretsFound(let found): secrets = found
                default: break
                }
                return Document.Entry(
                    finding: row.findingID,
                    outcome: row.outcome.label,
                    detail: row.outcome.detail,
                    mergeRequestURL: url,
                    secretFindings: secrets,
                    tokens: row.tokens,
                    durationSeconds: row.duration.inSeconds,
                    sessionLog: row.sessionLog,
                    failed: row.outcome.isFailure
                )
            },
            failed: hasFailures
        )
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        return (try? String(decoding: encoder.encode(document), as: UTF8.self)) ?? "{}"
    }

    /// `0.4s`, `12s`, `3m 05s`, `1h 02m`.
    public static func format(_ duration: Duration) -> String {
        let milliseconds = duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000
        let seconds = milliseconds / 1000
        if seconds < 10 { return String(format: "%.1fs", Double(milliseconds) / 1000) }
        if seconds < 60 { return "\(seconds)s" }
        if seconds < 3600 { return String(format: "%dm %02ds", seconds / 60, seconds % 60) }
        return String(format: "%dh %02dm", seconds / 3600, (seconds % 3600) / 60)
    }
}
