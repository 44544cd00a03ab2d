/// A secret the scanner found in an added line. The secret itself is never kept: only where it is
/// and which rule matched, so a report or a log line cannot leak it.
public struct SecretFinding: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The rule that matched (`gitlab-pat`, `private-key`).
    public let ruleID: String
    /// The file's path, relative to the repository.
    public let path: String
    /// The line number (from 1) in the new version of the file where the match starts.
    public let line: Int

    /// Creates a finding.
    public init(ruleID: String, path: String, line: Int) {
        self.ruleID = ruleID
        self.path = path
        self.line = line
    }

    /// `gitlab-pat at config/app.yml:12`.
    public var description: String { "\(ruleID) at \(path):\(line)" }
}
