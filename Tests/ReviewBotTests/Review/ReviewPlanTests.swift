import Forge
import ReviewBot
import Testing

@Suite("Review plan")
struct ReviewPlanTests {
    static let version = DiffVersion(id: 2, baseSHA: "base", startSHA: "start", headSHA: "head")
    static let file = FileDiff(oldPath: "a.swift", newPath: "a.swift", diff: "@@ -1,2 +1,3 @@\n keep\n+let x = 1\n+let y = 2\n other\n")

    static func finding(_ title: String, line: Int, priority: Int = 1, confidence: Double = 0.9) -> ReviewFinding {
        ReviewFinding(title: title, body: "why", priority: priority, confidence: confidence, path: "a.swift", startLine: line, endLine: line)
    }

    @Test("posts new inline findings, lists unanchored ones, skips posted ones and counts what was left out")
    func plans() throws {
        let posted = FindingFingerprint(path: "a.swift", anchorLineContent: "let x = 1", title: "already posted")
        let output = ReviewOutput(
            summary: "s",
            verdict: .comment,
            findings: [
                Self.finding("already posted", line: 2),
                Self.finding("low priority", line: 3, priority: 3),
                Self.finding("outside the diff", line: 40, priority: 0),
                Self.finding("urgent", line: 3, priority: 0, confidence: 0.5),
                Self.finding("urgent", line: 3, priority: 0, confidence: 0.5),
                Self.finding("unsure", line: 2, confidence: 0.1),
            ]
        )
        let plan = ReviewPlan(
            output: output,
            files: [Self.file],
            version: Self.version,
            selection: ReviewSelection(minimumConfidence: 0.3, maximumFindings: 2),
            deduplicator: FindingDeduplicator(knownFingerprints: [posted])
        )
        #expect(plan.unanchoredFindings.map(\.finding.title) == ["outside the diff"])
        #expect(plan.unanchoredFindings.first?.line == 40)
        #expect(plan.unanchoredFindings.first?.reason == .lineNotInDiff)
        let comment = try #require(plan.inlineComments.first)
        #expect(plan.inlineComments.count == 1)
        #expect(comment.finding.title == "urgent")
        #expect(comment.position == DiffPosition(version: Self.version, oldPath: "a.swift", newPath: "a.swift", oldLine: nil, newLine: 3))
        #expect(comment.fingerprint == FindingFingerprint(path: "a.swift", anchorLineContent: "let y = 2", title: "urgent"))
        #expect(comment.body == FindingComment.body(for: comment.finding, fingerprint: comment.fingerprint))
        #expect(plan.duplicateCount == 2, "the posted finding and the repeated one")
        #expect(plan.leftOutCount == 2, "the low-confidence one and the one over the limit")
    }

    @Test("an empty answer plans nothing")
    func empty() {
        let plan = ReviewPlan(output: ReviewOutput(summary: "s", verdict: .approve, findings: []), files: [Self.file], version: Self.version)
        #expect(plan.inlineComments.isEmpty && plan.unanchoredFindings.isEmpty)
        #expect(plan.duplicateCount == 0 && plan.leftOutCount == 0)
    }
}
