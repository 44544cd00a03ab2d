/// One finding to fix: an advisory, a scanner result, an issue, a Dependabot alert.
public struct Finding: Sendable, Hashable, Codable {
    /// The id the source gave (`CVE-2024-1234`, `GHSA-…` for a Dependabot alert, or `issue-7` for an issue); one run
    /// per id and day.
    public var id: String
    /// A one-line title; the id when the source has none.
    public var title: String
    /// What is known about it; for an issue, its description.
    public var details: String
    /// The issue it came from, to comment on when a fix is proposed.
    public var issueIID: Int?
    /// A link to the finding (the issue's or the alert's page), for the merge request's description.
    public var webURL: String?
    /// The Dependabot alerts it stands for (one advisory may alert in several manifests), which the pull request names.
    public var alertNumbers: [Int]
    /// The source's own template values (`PACKAGE`, `SEVERITY`, … for a Dependabot alert), by variable name.
    public var variables: [String: String]

    /// Creates a finding.
    public init(
        id: String, title: String? = nil, details: String = "", issueIID: Int? = nil, webURL: String? = nil, alertNumbers: [Int] = [],
        variables: [String: String] = [:]
    ) {
        self.id = id
        self.title = title ?? id
        self.details = details
        self.issueIID = issueIID
        self.webURL = webURL
        self.alertNumbers = alertNumbers
        self.variables = variables
    }
}
