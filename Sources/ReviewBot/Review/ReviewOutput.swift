public import Codex

/// The review Codex must answer with: a summary, a verdict and the findings.
///
/// ``jsonSchema`` goes to codex with `--output-schema`, which sends it to the model in OpenAI's strict mode:
/// every object lists all of its properties in `required` and sets `additionalProperties: false`, and the schema
/// stays free of `minimum`/`maxLength`-style keywords that strict mode may refuse. ``validate()`` checks those
/// ranges instead.
public struct ReviewOutput: StructuredOutput, Hashable, Encodable {
    /// A few sentences on what the change does and its main risks.
    public var summary: String
    /// The overall judgement.
    public var verdict: ReviewVerdict
    /// The problems found, in no particular order.
    public var findings: [ReviewFinding]

    /// Creates an output value.
    public init(summary: String, verdict: ReviewVerdict, findings: [ReviewFinding]) {
        self.summary = summary
        self.verdict = verdict
        self.findings = findings
    }

    /// The highest priority number a finding may have (P3).
    public static let lowestPriority = 3

    /// The JSON Schema of the answer, for `--output-schema`.
    public static let jsonSchema = """
        {
          "type": "object",
          "additionalProperties": false,
          "required": ["summary", "verdict", "findings"],
          "properties": {
            "summary": {"type": "string", "description": "One to three sentences on what the change does and its main risks."},
            "verdict": {"type": "string", "enum": ["approve", "comment", "request_changes"]},
            "findings": {
              "type": "array",
              "items": {
                "type": "object",
                "additionalProperties": false,
                "required": ["title", "body", "priority", "confidence", "path", "start_line", "end_line", "side"],
                "properties": {
                  "title": {"type": "string", "description": "A short headline, at most 80 characters."},
                  "body": {"type": "string", "description": "Why it is a problem, when it happens, and how to fix it; Markdown."},
                  "priority": {"type": "integer", "description": "0 must fix before merging, 1 should fix, 2 worth fixing, 3 nice to have."},
                  "confidence": {"type": "number", "description": "How sure you are, from 0 to 1."},
                  "path": {"type": "string", "description": "The file's path relative to the repository root."},
                  "start_line": {"type": "integer", "description": "First line of the range, counted from 1."},
                  "end_line": {"type": "integer", "description": "Last line of the range, at least start_line."},
                  "side": {"type": "string", "enum": ["new", "old"], "description": "new: line numbers of the file at head. old: line numbers of the base version, for removed lines."}
                }
              }
            }
          }
        }
        """

    /// Checks what the schema cannot say: non-empty texts, priority 0–3, confidence 0–1, and line ranges.
    ///
    /// - Throws: ``ReviewOutputError`` naming the first field at fault.
    public func validate() throws(ReviewOutputError) {
        if summary.isBlank { throw .emptyField("summary", findingIndex: nil) }
        for (index, finding) in findings.enumerated() {
            if finding.title.isBlank { throw .emptyField("title", findingIndex: index) }
            if finding.path.isBlank { throw .emptyField("path", findingIndex: index) }
            if !(0...Self.lowestPriority).contains(finding.priority) {
                throw .outOfRange(
                    "priority",
                    findingIndex: index,
                    value: "\(finding.priority)",
                    allowed: "0...\(Self.lowestPriority)"
                )
            }
            if !(0.0...1.0).contains(finding.confidence) {
                throw .outOfRange(
                    "confidence",
                    findingIndex: index,
                    value: "\(finding.confidence)",
                    allowed: "0...1"
                )
            }
            if finding.startLine < 1 || finding.startLine > finding.endLine {
                throw .invalidLineRange(findingIndex: index, start: finding.startLine, end: finding.endLine)
            }
        }
    }
}

extension String {
    /// Empty or only whitespace and newlines.
    var isBlank: Bool { allSatisfy(\.isWhitespace) }
}
