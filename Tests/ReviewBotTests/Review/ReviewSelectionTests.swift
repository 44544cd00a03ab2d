import ReviewBot
import Testing

@Suite("Review selection")
struct ReviewSelectionTests {
    static func finding(_ title: String, priority: Int, confidence: Double) -> ReviewFinding {
        ReviewFinding(title: title, body: "", priority: priority, confidence: confidence, path: "a.swift", startLine: 1, endLine: 1)
    }

    struct Row: Sendable, CustomTestStringConvertible {
        let name: String
        let selection: ReviewSelection
        let findings: [ReviewFinding]
        let expectedTitles: [String]
        var testDescription: String { name }
    }

    static let mixed = [
        finding("p2 sure", priority: 2, confidence: 0.9),
        finding("p0 unsure", priority: 0, confidence: 0.4),
        finding("p1 first", priority: 1, confidence: 0.7),
        finding("p0 sure", priority: 0, confidence: 0.95),
        finding("p1 second", priority: 1, confidence: 0.7),
    ]

    static let rows: [Row] = [
        Row(
            name: "orders by priority, then confidence, then the model's order",
            selection: ReviewSelection(),
            findings: mixed,
            expectedTitles: ["p0 sure", "p0 unsure", "p1 first", "p1 second", "p2 sure"]
        ),
        Row(
            name: "drops findings below the confidence threshold, keeping those at it",
            selection: ReviewSelection(minimumConfidence: 0.7),
            findings: mixed,
            expectedTitles: ["p0 sure", "p1 first", "p1 second", "p2 sure"]
        ),
        Row(
            name: "keeps at most the limit, most urgent first",
            selection: ReviewSelection(maximumFindings: 2),
            findings: mixed,
            expectedTitles: ["p0 sure", "p0 unsure"]
        ),
        Row(name: "a limit of zero keeps none", selection: ReviewSelection(maximumFindings: 0), findings: mixed, expectedTitles: []),
        Row(name: "a negative limit keeps none", selection: ReviewSelection(maximumFindings: -1), findings: mixed, expectedTitles: []),
        Row(
            name: "the default limit is ten",
            selection: ReviewSelection(),
            findings: (1...12).map { finding("f\($0)", priority: 2, confidence: 0.5) },
            expectedTitles: (1...10).map { "f\($0)" }
        ),
    ]

    @Test("selects the findings worth posting", arguments: rows)
    func selects(row: Row) {
        #expect(row.selection.select(row.findings).map(\.title) == row.expectedTitles)
    }
}
