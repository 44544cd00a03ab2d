import Foundation

/// The title and description of a fix's draft merge request.
enum MergeRequestText {
    /// The longest summary in a title.
    static let maximumSummaryLength = 72

    /// A one-line summary of the finding: its title, on one line, cut to ``maximumSummaryLength``.
    static func summary(of finding: Finding) -> String {
        let line = finding.title.split(whereSeparator: \.isNewline).first.map(String.init) ?? finding.id
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        let text = trimmed.isEmpty ? finding.id : trimmed
        return text.count > maximumSummaryLength ? String(text.prefix(maximumSummaryLength - 1)) + "…" : text
    }

    /// The description: the finding with its link (and the Dependabot alerts it stands for), Codex's summary of the
    /// change, the gate results, and where the session log is.
    ///
    /// - Parameters:
    ///   - finding: the finding.
    ///   - change: Codex's final message (already redacted).
    ///   - gate: the gate's results.
    ///   - sessionLog: the session log's path under the data directory.
    ///   - kind: what the forge calls it (`merge request`, `pull request`).
    static func description(finding: Finding, change: String, gate: GateSummary, sessionLog: String, kind: String = "merge request") -> String {
        let link = finding.webURL.map { "[\(finding.id)](\($0))" } ?? "`\(finding.id)`"
        var text = "Proposed fix for finding \(link): \(neutralised(summary(of: finding)))\n\n"
        if !finding.alertNumbers.isEmpty {
            // Not `#3`: GitHub would link that to issue or pull request 3.
            let plural = finding.alertNumbers.count > 1
            text += "Dependabot alert\(plural ? "s" : "") " + finding.alertNumbers.map { "number \($0)" }.joined(separator: ", ")
            text += finding.webURL.map { " (\($0))" } ?? ""
            text += ".\n\n"
        }
        text += "### Change\n\n"
        let message = change.trimmingCharacters(in: .whitespacesAndNewlines)
        text += message.isEmpty ? "_Codex gave no summary._\n\n" : neutralised(String(message.prefix(4000))).split(separator: "\n", omittingEmptySubsequences: false).map { "> " + $0 }.joined(separator: "\n") + "\n\n"
        text += "\(gate.files) file(s) changed, \(gate.addedLines) line(s) added.\n\n"
        text += "### Gate\n\n"
        text += "- Changes: yes\n"
        text += "- Tests (`\(gate.testCommand.replacingOccurrences(of: "`", with: "'"))`): \(gate.tests.summary) in \(RemediationReport.format(gate.tests.duration))\n"
        text += "- Secret scan (\(gate.rules) gitleaks rules): nothing found in the added lines\n\n"
        text += "Session log: `\(sessionLog)` in Warden's data directory.\n\n"
        text += "_Opened as a draft \(kind) by Warden's remediation runner. Review it before marking it ready._\n"
        return text
    }

    /// Text with `@` mentions defused (a zero-width space after `@`), so a model's words cannot ping people.
    static func neutralised(_ text: String) -> String {
        text.replacingOccurrences(of: "@", with: "@\u{200B}")
    }
}
