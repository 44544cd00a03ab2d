/// A Dependabot alert a test gives ``FakeGitHub``, served in GitHub's documented shape
/// (`GET /repos/{owner}/{repo}/dependabot/alerts`: `dependency.package`, `security_advisory`, `security_vulnerability`).
public struct FakeDependabotAlert: Sendable, Hashable {
    /// The alert's number in its repository.
    public var number: Int
    /// `open`, `dismissed`, `fixed` or `auto_dismissed`.
    public var state: String
    /// The package's name.
    public var package: String
    /// The package's ecosystem (`npm`, `pip`, `maven`, `rubygems`, `go`, `rust`, `composer`, `nuget`, …).
    public var ecosystem: String
    /// The manifest path.
    public var manifest: String
    /// `low`, `medium`, `high` or `critical`.
    public var severity: String
    /// The vulnerable version range.
    public var vulnerableRange: String
    /// The first patched version, or `nil` (GitHub then sends `first_patched_version: null`).
    public var patchedVersion: String?
    /// The advisory's `ghsa_id`, or `nil` (sent as null).
    public var ghsaID: String?
    /// The advisory's `cve_id`, or `nil` (sent as null).
    public var cveID: String?
    /// The advisory's summary.
    public var summary: String
    /// The advisory's description.
    public var description: String

    /// Creates an alert.
    public init(
        number: Int, state: String = "open", package: String, ecosystem: String, manifest: String, severity: String, vulnerableRange: String,
        patchedVersion: String?, ghsaID: String?, cveID: String?, summary: String, description: String = ""
    ) {
        self.number = number
        self.state = state
        self.package = package
        self.ecosystem = ecosystem
        self.manifest = manifest
        self.severity = severity
        self.vulnerableRange = vulnerableRange
        self.patchedVersion = patchedVersion
        self.ghsaID = ghsaID
        self.cveID = cveID
        self.summary = summary
        self.description = description
    }
}
