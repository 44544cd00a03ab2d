import Codex
import Foundation
import ReviewBot
import Testing

@Suite("Review output")
struct ReviewOutputTests {
    static let valid = ReviewFinding(
        title: "Force unwrap crashes on bad input",
        body: "`load()` throws on a missing file.",
        priority: 1,
        confidence: 0.8,
        path: "Sources/App/main.swift",
        startLine: 3,
        endLine: 4,
        side: .new
    )

    @Test("decodes and validates a model's answer in the schema's field names")
    func decodes() throws {
        let text = """
            {"summary":"Adds a loader.","verdict":"request_changes","findings":[{"title":"Force unwrap crashes on bad input",
            "body":"`load()` throws on a missing file.","priority":1,"confidence":0.8,"path":"Sources/App/main.swift",
            "start_line":3,"end_line":4,"side":"new"}]}
            """
        let output = try ReviewOutput.decode(finalMessage: text)
        #expect(output == ReviewOutput(summary: "Adds a loader.", verdict: .requestChanges, findings: [Self.valid]))
    }

    struct UndecodableRow: Sendable, CustomTestStringConvertible {
        let name: String
        let text: String
        var testDescription: String { name }
    }

    @Test(
        "refuses answers that are not the schema's JSON",
        arguments: [
            UndecodableRow(name: "prose instead of JSON", text: "Looks good to me!"),
            UndecodableRow(name: "an unknown verdict", text: #"{"summary":"s","verdict":"merge it","findings":[]}"#),
            UndecodableRow(name: "a missing field", text: #"{"summary":"s","findings":[]}"#),
            UndecodableRow(
                name: "an unknown side",
                text:
                    #"{"summary":"s","verdict":"comment","findings":[{"title":"t","body":"b","priority":1,"confidence":1,"path":"p","start_line":1,"end_line":1,"side":"left"}]}"#
            ),
        ]
    )
    func refusesUndecodable(row: UndecodableRow) {
        #expect(throws: CodexError.self) { try ReviewOutput.decode(finalMessage: row.text) }
    }

    struct InvalidRow: Sendable, CustomTestStringConvertible {
        let name: String
        let summary: String
        let finding: ReviewFinding
        let field: String
        let metricLabel: String
        var testDescription: String { name }
    }

    static func changed(_ change: (inout ReviewFinding) -> Void) -> ReviewFinding {
        var finding = valid
        change(&finding)
        return finding
    }

    static let invalidRows: [InvalidRow] = [
        InvalidRow(name: "a blank summary", summary: " \n", finding: valid, field: "summary", metricLabel: "empty_field"),
        InvalidRow(name: "a blank title", summary: "s", finding: changed { $0.title = "  " }, field: "title", metricLabel: "empty_field"),
        InvalidRow(name: "an empty path", summary: "s", finding: changed { $0.path = "" }, field: "path", metricLabel: "empty_field"),
        InvalidRow(name: "priority 4", summary: "s", finding: changed { $0.priority = 4 }, field: "priority", metricLabel: "out_of_range"),
        InvalidRow(name: "priority -1", summary: "s", finding: changed { $0.priority = -1 }, field: "priority", metricLabel: "out_of_range"),
        InvalidRow(name: "confidence 1.5", summary: "s", finding: changed { $0.confidence = 1.5 }, field: "confidence", metricLabel: "out_of_range"),
        InvalidRow(
            name: "confidence -0.1",
            summary: "s",
            finding: changed { $0.confidence = -0.1 },
            field: "confidence",
            metricLabel: "out_of_range"
        ),
        InvalidRow(name: "confidence NaN", summary: "s", finding: changed { $0.confidence = .nan }, field: "confidence", metricLabel: "out_of_range"),
        InvalidRow(name: "line 0", summary: "s", finding: changed { $0.startLine = 0 }, field: "start_line", metricLabel: "invalid_line_range"),
        InvalidRow(
            name: "start after end",
            summary: "s",
            finding: changed { ($0.startLine, $0.endLine) = (9, 3) },
            field: "start_line",
            metricLabel: "invalid_line_range"
        ),
    ]

    @Test("refuses out-of-range and empty fields, naming them", arguments: invalidRows)
    func refusesInvalid(row: InvalidRow) {
        let output = ReviewOutput(summary: row.summary, verdict: .comment, findings: [Self.valid, row.finding])
        let error = #expect(throws: ReviewOutputError.self) { try output.validate() }
        #expect(error?.field == row.field)
        #expect(error?.metricLabel == row.metricLabel)
        if row.field != "summary" {
            #expect(error?.findingIndex == 1)
            #expect(error?.description.hasPrefix("finding 1: \(row.field)") == true)
        }
    }

    @Test("accepts the edges of every range")
    func acceptsEdges() throws {
        let edges = [
            Self.changed { ($0.priority, $0.confidence, $0.startLine, $0.endLine) = (0, 0, 1, 1) },
            Self.changed { ($0.priority, $0.confidence, $0.side) = (3, 1, .old) },
        ]
        try ReviewOutput(summary: "s", verdict: .approve, findings: edges).validate()
        try ReviewOutput(summary: "s", verdict: .approve, findings: []).validate()
    }

    @Test("the schema keeps OpenAI's strict mode: every property required, no additional properties, no range keywords")
    func schemaIsStrict() throws {
        let schema = try #require(try JSONSerialization.jsonObject(with: Data(ReviewOutput.jsonSchema.utf8)) as? [String: Any])
        var objects = 0
        func walk(_ node: Any) {
            if let dictionary = node as? [String: Any] {
                for keyword in ["minimum", "maximum", "minLength", "maxLength", "pattern", "format", "minItems", "maxItems"] {
                    #expect(dictionary[keyword] == nil, "strict mode may refuse \(keyword)")
                }
                if let properties = dictionary["properties"] as? [String: Any] {
                    objects += 1
                    #expect(dictionary["additionalProperties"] as? Bool == false)
                    #expect(Set(dictionary["required"] as? [String] ?? []) == Set(properties.keys))
                }
                dictionary.values.forEach(walk)
            } else if let array = node as? [Any] {
                array.forEach(walk)
            }
        }
        walk(schema)
        #expect(objects == 2)
    }

    @Test("the schema's enums are the verdicts and sides the types decode")
    func schemaEnums() throws {
        let schema = try #require(try JSONSerialization.jsonObject(with: Data(ReviewOutput.jsonSchema.utf8)) as? [String: Any])
        let properties = try #require(schema["properties"] as? [String: Any])
        let verdict = try #require(properties["verdict"] as? [String: Any])
        #expect(verdict["enum"] as? [String] == ReviewVerdict.allCases.map(\.rawValue))
        let findings = try #require(properties["findings"] as? [String: Any])
        let items = try #require(findings["items"] as? [String: Any])
        let itemProperties = try #require(items["properties"] as? [String: Any])
        let side = try #require(itemProperties["side"] as? [String: Any])
        #expect(side["enum"] as? [String] == DiffSide.allCases.map(\.rawValue))
    }
}
