import Forge
import Testing

@testable import ReviewBot

@Suite("Draft reconciliation")
struct DraftReconciliationTests {
    static let here = DiffPosition(baseSHA: "b", startSHA: "s", headSHA: "h2", positionType: .text, oldPath: "a.py", newPath: "a.py", oldLine: nil, newLine: 3)
    static let earlierHead = DiffPosition(
        baseSHA: "b", startSHA: "s", headSHA: "h1", positionType: .text, oldPath: "a.py", newPath: "a.py", oldLine: nil, newLine: 3
    )
    static let one = FindingFingerprint(value: "0000000000000001")!
    static let two = FindingFingerprint(value: "0000000000000002")!
    static let gone = FindingFingerprint(value: "00000000000000ff")!

    static func comment(_ fingerprint: FindingFingerprint) -> ReviewPlan.InlineComment {
        ReviewPlan.InlineComment(
            finding: ReviewFinding(title: "t\(fingerprint.value)", body: "b", priority: 1, confidence: 0.9, path: "a.py", startLine: 3, endLine: 3),
            position: here,
            fingerprint: fingerprint,
            body: fingerprint.marker + "\nbody"
        )
    }

    static func draft(_ id: Int, _ fingerprint: FindingFingerprint?, position: DiffPosition? = here, replyTo: String? = nil) -> DraftNote {
        DraftNote(id: id, body: (fingerprint?.marker ?? "plain words") + "\nbody", inReplyToDiscussionID: replyTo, position: position)
    }

    struct Row: Sendable, CustomTestStringConvertible {
        let name: String
        let existing: [DraftNote]
        let create: [FindingFingerprint]
        let delete: [Int]
        var testDescription: String { name }
    }

    static let rows: [Row] = [
        Row(name: "no drafts: create everything", existing: [], create: [one, two], delete: []),
        Row(name: "a planned finding's draft at its position is kept", existing: [draft(10, one)], create: [two], delete: []),
        Row(name: "a finding no longer reported is deleted", existing: [draft(10, gone)], create: [one, two], delete: [10]),
        Row(name: "an earlier head's draft of the same finding is replaced", existing: [draft(10, one, position: earlierHead)], create: [one, two], delete: [10]),
        Row(name: "a second copy is deleted", existing: [draft(10, one), draft(11, one)], create: [two], delete: [11]),
        Row(name: "a reply draft is not a finding's thread", existing: [draft(10, one, replyTo: "d1")], create: [one, two], delete: [10]),
        Row(name: "drafts without a finding marker are left alone", existing: [draft(10, nil), draft(11, two)], create: [one], delete: []),
    ]

    @Test("reuses, deletes and creates drafts", arguments: rows)
    func reconciles(_ row: Row) {
        let result = DraftReconciliation.plan(existing: row.existing, comments: [Self.comment(Self.one), Self.comment(Self.two)])
        #expect(result.create.map(\.fingerprint) == row.create)
        #expect(result.delete == row.delete)
    }
}
