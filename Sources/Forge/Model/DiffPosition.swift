/// Where an inline comment sits in a merge request diff, in the form GitLab requires.
///
/// The three SHAs come from the newest ``DiffVersion``. Which lines to send depends on the line's kind: an added
/// line has only ``newLine``, a removed line only ``oldLine``, an unchanged context line both (they may differ
/// when earlier changes moved it). Both paths are always required; they differ for a renamed file.
public struct DiffPosition: Sendable, Hashable, Codable {
    /// What the position points at.
    public enum PositionType: String, Sendable, Hashable, Codable {
        /// A line of a text diff.
        case text
        /// A whole file (GitLab 16.4 and later).
        case file
        /// A point on an image.
        case image
    }

    /// The merge base of the version commented on.
    public var baseSHA: String
    /// The target tip of the version commented on.
    public var startSHA: String
    /// The source tip of the version commented on.
    public var headSHA: String
    /// What the position points at; `text` for lines.
    public var positionType: PositionType
    /// The file's path before the change.
    public var oldPath: String
    /// The file's path after the change.
    public var newPath: String
    /// The line in the old file, for removed and context lines.
    public var oldLine: Int?
    /// The line in the new file, for added and context lines.
    public var newLine: Int?

    /// Creates a position.
    public init(
        baseSHA: String,
        startSHA: String,
        headSHA: String,
        positionType: PositionType = .text,
        oldPath: String,
        newPath: String,
        oldLine: Int? = nil,
        newLine: Int? = nil
    ) {
        self.baseSHA = baseSHA
        self.startSHA = startSHA
        self.headSHA = headSHA
        self.positionType = positionType
        self.oldPath = oldPath
        self.newPath = newPath
        self.oldLine = oldLine
        self.newLine = newLine
    }

    /// Creates a position on a version's SHAs.
    /// - Parameters:
    ///   - version: the newest diff version of the merge request.
    ///   - oldPath: the file's path before the change.
    ///   - newPath: the file's path after the change.
    ///   - oldLine: the old line, for removed and context lines.
    ///   - newLine: the new line, for added and context lines.
    public init(version: DiffVersion, oldPath: String, newPath: String, oldLine: Int?, newLine: Int?) {
        self.init(
            baseSHA: version.baseSHA,
            startSHA: version.startSHA,
            headSHA: version.headSHA,
            oldPath: oldPath,
            newPath: newPath,
            oldLine: oldLine,
            newLine: newLine
        )
    }

    enum CodingKeys: String, CodingKey {
        case baseSHA = "base_sha"
        case startSHA = "start_sha"
        case headSHA = "head_sha"
        case positionType = "position_type"
        case oldPath = "old_path"
        case newPath = "new_path"
        case oldLine = "old_line"
        case newLine = "new_line"
    }

    /// Writes GitLab's `position` object; absent lines are left out rather than sent as `null`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(baseSHA, forKey: .baseSHA)
        try container.encode(startSHA, forKey: .startSHA)
        try container.encode(headSHA, forKey: .headSHA)
        try container.encode(positionType, forKey: .positionType)
        try container.encode(oldPath, forKey: .oldPath)
        try container.encode(newPath, forKey: .newPath)
        try container.encodeIfPresent(oldLine, forKey: .oldLine)
        try container.encodeIfPresent(newLine, forKey: .newLine)
    }
}
