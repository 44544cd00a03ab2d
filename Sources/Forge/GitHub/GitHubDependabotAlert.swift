/// One Dependabot alert of a repository (`GET /repos/{owner}/{repo}/dependabot/alerts`), reduced to what remediation
/// reads: the vulnerable dependency, the advisory and where the alert is shown.
public struct GitHubDependabotAlert: Sendable, Hashable {
    /// The alert's number in its repository.
    public var number: Int
    /// `open`, `dismissed`, `fixed` or `auto_dismissed`.
    public var state: String
    /// The vulnerable package's name (`lodash`, `django`).
    public var packageName: String
    /// The package's ecosystem as GitHub names it (`npm`, `pip`, `maven`, `rubygems`, `go`, `rust`, …).
    public var ecosystem: String
    /// The manifest the dependency was found in (`package-lock.json`, `app/requirements.txt`).
    public var manifestPath: String
    /// `low`, `medium`, `high` or `critical`: the vulnerability's, else the advisory's.
    public var severity: String
    /// The vulnerable versions (`< 4.17.21`, `>= 2.0.0, < 2.0.2`).
    public var vulnerableRange: String
    /// The first version that is not vulnerable, when one exists.
    public var fixedVersion: String?
    /// The advisory's GitHub id (`GHSA-xxxx-xxxx-xxxx`), when given.
    public var ghsaID: String?
    /// The advisory's CVE id, when it has one.
    public var cveID: String?
    /// The advisory's one-line summary.
    public var summary: String
    /// The advisory's description (Markdown).
    public var description: String
    /// The advisory's references, in GitHub's order.
    public var references: [String]
    /// The alert's page (`https://github.com/{owner}/{repo}/security/dependabot/{number}`).
    public var htmlURL: String

    /// Creates an alert value.
    public init(
        number: Int, state: String, packageName: String, ecosystem: String, manifestPath: String, severity: String, vulnerableRange: String,
        fixedVersion: String?, ghsaID: String?, cveID: String?, summary: String, description: String, references: [String] = [], htmlURL: String
    ) {
        self.number = number
        self.state = state
        self.packageName = packageName
        self.ecosystem = ecosystem
        self.manifestPath = manifestPath
        self.severity = severity
        self.vulnerableRange = vulnerableRange
        self.fixedVersion = fixedVersion
        self.ghsaID = ghsaID
        self.cveID = cveID
        self.summary = summary
        self.description = description
        self.references = references
        self.htmlURL = htmlURL
    }
}
