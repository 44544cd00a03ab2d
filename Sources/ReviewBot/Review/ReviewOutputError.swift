/// Why the model's review output was refused.
///
/// The schema is sent to the model in strict mode, but codex passes the answer on unchecked, so these are the
/// rules a valid answer keeps and a broken one does not. Each names the finding (by its position in the list) and
/// the field.
public struct ReviewOutputError: Error, Sendable, Hashable, CustomStringConvertible {
    private enum Code: String, Sendable, Hashable {
        case emptyField = "empty_field"
        case outOfRange = "out_of_range"
        case invalidLineRange = "invalid_line_range"
    }

    private let code: Code
    /// The finding's index in the output's list, or `nil` for a top-level field.
    public let findingIndex: Int?
    /// The field at fault, as the schema spells it.
    public let field: String
    /// What is wrong with it.
    public let reason: String

    private init(_ code: Code, findingIndex: Int?, field: String, reason: String) {
        self.code = code
        self.findingIndex = findingIndex
        self.field = field
        self.reason = reason
    }

    /// A required text is empty or only whitespace.
    public static func emptyField(_ field: String, findingIndex: Int?) -> Self {
        Self(.emptyField, findingIndex: findingIndex, field: field, reason: "is empty")
    }

    /// A number is outside the range the schema allows.
    public static func outOfRange(
        _ field: String,
        findingIndex: Int,
        value: String,
        allowed: String
    )
        -> Self
    {
        Self(
            .outOfRange,
            findingIndex: findingIndex,
            field: field,
            reason: "is \(value), outside \(allowed)"
        )
    }

    /// The line range is not `1 ≤ start_line ≤ end_line`.
    public static func invalidLineRange(findingIndex: Int, start: Int, end: Int) -> Self {
        Self(
            .invalidLineRange,
            findingIndex: findingIndex,
            field: "start_line",
            reason: "and end_line give \(start)–\(end), not a range of lines counted from 1"
        )
    }

    /// A sentence for operators, e.g. "finding 2: priority is 7, outside 0...3".
    public var description: String {
        let place = findingIndex.map { "finding \($0): " } ?? ""
        return "\(place)\(field) \(reason)"
    }

    /// A short, low-cardinality form for metric labels.
    public var metricLabel: String { code.rawValue }
}
