public import Foundation
public import WardenCore

/// The texts of Warden's one status note per merge request, which it edits in place as a review moves on.
///
/// Every text starts with a ``StatusMarker`` so the bot finds its note again. Only the final summary records the
/// head as reviewed; the others carry the previous reviewed SHA forward.
public enum StatusNote {
    /// The note while a review runs: "reviewing `abcdef12`…".
    ///
    /// - Parameters:
    ///   - headSHA: the head being reviewed.
    ///   - previous: the marker of the note being replaced, if any.
    public static func reviewing(headSHA: String, previous: StatusMarker? = nil) -> String {
        "\(marker(previous))\n⏳ Warden is reviewing \(SafeMarkdown.codeSpan(shortSHA(headSHA)))…"
    }

    /// The note when a review ended without a result: "review failed: <reason>".
    ///
    /// - Parameters:
    ///   - reason: what went wrong, for the merge request's readers; put on one line and escaped.
    ///   - previous: the marker of the note being replaced, if any.
    public static func failed(reason: String, previous: StatusMarker? = nil) -> String {
        "\(marker(previous))\n❌ Warden review failed: \(SafeMarkdown.inline(reason))"
    }

    /// The note when the queue is paused (the credentials need a person): "paused: <reason> — run `warden queue
    /// resume`".
    ///
    /// - Parameters:
    ///   - reason: why the queue stopped; put on one line and escaped.
    ///   - previous: the marker of the note being replaced, if any.
    public static func paused(reason: String, previous: StatusMarker? = nil) -> String {
        "\(marker(previous))\n⏸️ Warden paused: \(SafeMarkdown.inline(reason)) — run `warden queue resume` once it is fixed."
    }

    /// The note while the Codex seat is held after a usage limit: "waiting for the Codex usage limit to reset at
    /// HH:MM UTC"; the review resumes by itself.
    ///
    /// - Parameters:
    ///   - until: when the hold ends and the review runs again.
    ///   - now: the current time; a reset on another day than `now` (in UTC) also names the date.
    ///   - previous: the marker of the note being replaced, if any.
    public static func waitingForUsageLimit(until: Date, now: Date, previous: StatusMarker? = nil) -> String {
        let utc = TimeZone(identifier: "UTC") ?? .gmt
        var when = "\(utcText(until, format: "HH:mm", utc)) UTC"
        if utcText(until, format: "yyyy-MM-dd", utc) != utcText(now, format: "yyyy-MM-dd", utc) {
            when += " on \(utcText(until, format: "yyyy-MM-dd", utc))"
        }
        return "\(marker(previous))\n⏳ Warden is waiting for the Codex usage limit to reset at \(when); the review resumes by itself."
    }

    private static func utcText(_ date: Date, format: String, _ utc: TimeZone) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = utc
        formatter.dateFormat = format
        return formatter.string(from: date)
    }

    /// The note after a review: the verdict, the model's summary, the counts, and the findings no diff line fits.
    ///
    /// - Parameters:
    ///   - headSHA: the head that was reviewed; the marker records it.
    ///   - output: the model's answer.
    ///   - plan: what was posted and what was not.
    public static func summary(headSHA: String, output: ReviewOutput, plan: ReviewPlan) -> String {
        var sections = [
            "\(StatusMarker(reviewedSHA: headSHA))\n### Warden review of \(SafeMarkdown.codeSpan(shortSHA(headSHA))): \(verdictLabel(output.verdict))",
            SafeMarkdown.block(output.summary.trimmed()),
            counts(plan),
        ]
        if let list = unanchoredList(plan.unanchoredFindings) {
            sections.append("#### Not on a diff line\n\n" + list)
        }
        return sections.joined(separator: "\n\n")
    }

    /// The findings no diff line fits, one Markdown list item each (`path:line`, the reason, the body); `nil` when none.
    static func unanchoredList(_ findings: [ReviewPlan.UnanchoredFinding]) -> String? {
        findings.isEmpty ? nil : findings.map(item).joined(separator: "\n")
    }

    /// The line of figures `review.show_usage` appends: tokens by kind, the run's duration, and its cost when the
    /// model has a price.
    ///
    /// - Parameters:
    ///   - tokens: the run's tokens.
    ///   - seconds: its wall-clock duration.
    ///   - costUSD: its cost, `nil` when unknown (then left out).
    public static func usageLine(tokens: RunTokens, seconds: Double, costUSD: Double?) -> String {
        var parts = [
            "\(tokens.total) tokens (\(tokens.input) input, \(tokens.cachedInput) cached, \(tokens.output) output, "
                + "\(tokens.reasoning) reasoning)",
            String(format: "%.1f s", seconds),
        ]
        if let costUSD { parts.append("$" + String(format: "%.4f", costUSD)) }
        return "<sub>Codex: " + parts.joined(separator: " · ") + "</sub>"
    }

    /// The verdict in words, with an emoji that reads at a glance.
    static func verdictLabel(_ verdict: ReviewVerdict) -> String {
        switch verdict {
        case .approve: "✅ looks good to merge"
        case .comment: "💬 comments, nothing blocking"
        case .requestChanges: "🛑 changes requested"
        }
    }

    private static func counts(_ plan: ReviewPlan) -> String {
        var parts = [
            count(plan.inlineComments.count, "inline comment", "inline comments"),
            count(
                plan.unanchoredFindings.count,
                "finding not on a diff line",
                "findings not on a diff line"
            ),
        ]
        if plan.duplicateCount > 0 {
            parts.append(count(plan.duplicateCount, "already posted", "already posted"))
        }
        if plan.leftOutCount > 0 {
            parts.append(
                count(
                    plan.leftOutCount,
                    "left out (low confidence or over the limit)",
                    "left out (low confidence or over the limit)"
                )
            )
        }
        return parts.joined(separator: " · ")
    }

    private static func count(_ number: Int, _ singular: String, _ plural: String) -> String {
        "**\(number)** \(number == 1 ? singular : plural)"
    }

    /// `- **P1** · Title — `path:12` (reason)`, then the body indented under the item.
    private static func item(_ unanchored: ReviewPlan.UnanchoredFinding) -> String {
        let reference = SafeMarkdown.codeSpan("\(unanchored.path):\(unanchored.line)")
        var text =
            "- \(FindingComment.headline(for: unanchored.finding)) — \(reference) (\(unanchored.reason.explanation))"
        let body = unanchored.finding.body.trimmed()
        if !body.isEmpty {
            let indented = SafeMarkdown.block(body).split(
                separator: "\n",
                omittingEmptySubsequences: false
            )
            .map { $0.isEmpty ? "" : "  " + $0 }
            text += "\n\n" + indented.joined(separator: "\n")
        }
        return text
    }

    private static func marker(_ previous: StatusMarker?) -> String {
        (previous ?? StatusMarker(reviewedSHA: nil)).description
    }

    /// The first eight characters, as GitLab shows commits.
    static func shortSHA(_ sha: String) -> String {
        String(sha.prefix(8))
    }
}
