/// One problem the model found, as its structured output states it.
public struct ReviewFinding: Sendable, Hashable, Codable {
    /// A short headline.
    public var title: String
    /// The explanation, in Markdown.
    public var body: String
    /// How urgent: 0 (must fix before merging) to 3 (nice to have).
    public var priority: Int
    /// How sure the model is, from 0 to 1.
    public var confidence: Double
    /// The file's path relative to the repository root.
    public var path: String
    /// The first line of the range the finding is about.
    public var startLine: Int
    /// The last line of the range; the inline comment is anchored here when the line is in the diff.
    public var endLine: Int
    /// Which version of the file the line numbers count in.
    public var side: DiffSide

    /// Creates a finding.
    public init(
        title: String,
        body: String,
        priority: Int,
        confidence: Double,
        path: String,
        startLine: Int,
        endLine: Int,
        side: DiffSide = .new
    ) {
        self.title = title
        self.body = body
        self.priority = priority
        self.confidence = confidence
        self.path = path
        self.startLine = startLine
        self.endLine = endLine
        self.side = side
    }

    enum CodingKeys: String, CodingKey {
        case title
        case body
        case priority
        case confidence
        case path
        case startLine = "start_line"
        case endLine = "end_line"
        case side
    }
}
