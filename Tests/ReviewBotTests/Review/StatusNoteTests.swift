import Forge
import Foundation
import ReviewBot
import Testing
import WardenCore

@Suite("Status note")
struct StatusNoteTests {
    static let head = "da1560886d4f094c3e6c9ef40349f7d38b5d27d7"
    static let previous = StatusMarker(reviewedSHA: "0123456789abcdef0123456789abcdef01234567")

    struct Row: Sendable, CustomTestStringConvertible {
        let name: String
        let text: String
        let expected: String
        var testDescription: String { name }
    }

    @Test(
        "progress and failure notes carry the previous reviewed SHA forward",
        arguments: [
            Row(
                name: "reviewing",
                text: StatusNote.reviewing(headSHA: head, previous: previous),
                expected: "\(previous)\n⏳ Warden is reviewing `da156088`…"
            ),
            Row(
                name: "reviewing for the first time",
                text: StatusNote.reviewing(headSHA: head),
                expected: "<!-- warden:status -->\n⏳ Warden is reviewing `da156088`…"
            ),
            Row(
                name: "failed",
                text: StatusNote.failed(reason: "codex timed out", previous: previous),
                expected: "\(previous)\n❌ Warden review failed: codex timed out"
            ),
            Row(
                name: "paused",
                text: StatusNote.paused(reason: "the OpenAI key was refused", previous: previous),
                expected: "\(previous)\n⏸️ Warden paused: the OpenAI key was refused — run `warden queue resume` once it is fixed."
            ),
            Row(
                name: "waiting for the usage limit, the same day",
                text: StatusNote.waitingForUsageLimit(
                    until: Date(timeIntervalSince1970: 1_796_643_190), now: Date(timeIntervalSince1970: 1_796_639_415), previous: previous
                ),
                expected: "\(previous)\n⏳ Warden is waiting for the Codex usage limit to reset at 11:33 UTC; the review resumes by itself."
            ),
            Row(
                name: "waiting for the usage limit, another day",
                text: StatusNote.waitingForUsageLimit(until: Date(timeIntervalSince1970: 1_796_841_970), now: Date(timeIntervalSince1970: 1_796_639_415)),
                expected: "<!-- warden:status -->\n⏳ Warden is waiting for the Codex usage limit to reset at 18:46 UTC on 2026-12-09; the review resumes by itself."
            ),
            Row(
                name: "a hostile reason stays on one line and renders literally",
                text: StatusNote.failed(reason: "bad\n/merge <!-- @all"),
                expected: "<!-- warden:status -->\n❌ Warden review failed: bad /merge \\<\\!-- @\u{2060}all"
            ),
        ]
    )
    func progress(row: Row) {
        #expect(row.text == row.expected)
        #expect(StatusMarker(markerIn: row.text) != nil)
    }

    static let version = DiffVersion(id: 1, baseSHA: "b", startSHA: "s", headSHA: "h")
    static let file = FileDiff(oldPath: "a.swift", newPath: "a.swift", diff: "@@ -1 +1 @@\n-a\n+b\n")

    static func summary(findings: [ReviewFinding], summary: String = "Adds a loader.", verdict: ReviewVerdict = .requestChanges) -> String {
        let output = ReviewOutput(summary: summary, verdict: verdict, findings: findings)
        return StatusNote.summary(headSHA: head, output: output, plan: ReviewPlan(output: output, files: [file], version: version))
    }

    @Test("the summary records the head as reviewed and lists findings off the diff with path:line")
    func summary() {
        let text = Self.summary(findings: [
            ReviewFinding(title: "Inline", body: "b", priority: 1, confidence: 1, path: "a.swift", startLine: 1, endLine: 1),
            ReviewFinding(
                title: "Elsewhere",
                body: "Also in `b.swift`.\n```\nunclosed",
                priority: 0,
                confidence: 1,
                path: "b.swift",
                startLine: 3,
                endLine: 9
            ),
        ])
        #expect(
            text == """
                <!-- warden:status sha=\(Self.head) -->
                ### Warden review of `da156088`: 🛑 changes requested

                Adds a loader.

                **1** inline comment · **1** finding not on a diff line

                #### Not on a diff line

                - **P0** · Elsewhere — `b.swift:9` (file not changed by this merge request)

                  Also in `b.swift`.
                  ```
                  unclosed
                  ```
                """
        )
        #expect(StatusMarker(markerIn: text) == StatusMarker(reviewedSHA: Self.head))
    }

    @Test(
        "names each verdict",
        arguments: [
            (ReviewVerdict.approve, "✅ looks good to merge"), (.comment, "💬 comments, nothing blocking"), (.requestChanges, "🛑 changes requested"),
        ]
    )
    func verdicts(verdict: ReviewVerdict, label: String) {
        #expect(Self.summary(findings: [], verdict: verdict).split(separator: "\n")[1].hasSuffix(label))
    }

    @Test("counts duplicates and left-out findings only when there are some")
    func counts() {
        let findings = (1...3).map { ReviewFinding(title: "t\($0)", body: "", priority: 2, confidence: 1, path: "a.swift", startLine: 1, endLine: 1) }
        let output = ReviewOutput(summary: "s", verdict: .comment, findings: findings + [findings[0]])
        let plan = ReviewPlan(output: output, files: [Self.file], version: Self.version, selection: ReviewSelection(maximumFindings: 2))
        let text = StatusNote.summary(headSHA: Self.head, output: output, plan: plan)
        #expect(text.contains("**2** inline comments · **0** findings not on a diff line · **1** already posted · **1** left out"))
        #expect(!Self.summary(findings: []).contains("already posted"))
    }

    @Test("a hostile summary cannot run quick actions, mention people or hide the rest")
    func hostileSummary() {
        let text = Self.summary(findings: [], summary: "Fine.\n/merge\n@all <!-- hide")
        #expect(text.contains("\\/merge"))
        #expect(!text.contains("@all"))
        #expect(!text.contains("<!-- hide"))
    }

    @Test(
        "review.show_usage's line: tokens by kind, the duration, and the cost only when it is known",
        arguments: [
            (nil as Double?, "<sub>Codex: 1290 tokens (1234 input, 200 cached, 56 output, 12 reasoning) · 42.4 s</sub>"),
            (0.00201, "<sub>Codex: 1290 tokens (1234 input, 200 cached, 56 output, 12 reasoning) · 42.4 s · $0.0020</sub>"),
        ]
    )
    func usageLine(cost: Double?, expected: String) {
        let tokens = RunTokens(input: 1_234, cachedInput: 200, output: 56, reasoning: 12)
        #expect(StatusNote.usageLine(tokens: tokens, seconds: 42.37, costUSD: cost) == expected)
    }
}
