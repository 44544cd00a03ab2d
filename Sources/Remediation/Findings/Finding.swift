/// One finding to fix: an advisory, a scanner result, an issue.
public struct Finding: Sendable, Hashable, Codable {
    /// The id the source gave (`CVE-2024-1234`, or `issue-7` for a GitLab issue); one run per id and day.
    public var id: String
    /// A one-line title; the id when the source has none.
    public var title: String
    /// What is known about it; for an issue, its description.
    public var details: String
    /// The issue it came from, to comment on when a fix is proposed.
    public var issueIID: Int?
    /// A link to the finding (the issue's page), for the merge request's description.
    public var webURL: String?

    /// Creates a finding.
    public init(id: String, title: String? = nil, details: String = "", issueIID: Int? = nil, webURL: String? = nil) {
        self.id = id
        self.title = title ?? id
        self.details = details
        self.issueIID = issueIID
        self.webURL = webURL
    }
}
