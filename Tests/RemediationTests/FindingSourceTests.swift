import Remediation
import Testing

@Suite("Finding sources")
struct FindingSourceTests {
    @Test(
        "parses --source values",
        arguments: [
            ("file:findings.txt", FindingSource.file(path: "findings.txt")),
            ("gitlab-issues:security", FindingSource.gitlabIssues(label: "security")),
            ("stdin", FindingSource.standardInput),
            ("github-issues:security", FindingSource.githubIssues(label: "security")),
            ("github-dependabot", FindingSource.githubDependabot(severities: [])),
            ("github-dependabot:critical", FindingSource.githubDependabot(severities: [.critical])),
            ("github-dependabot:high,critical", FindingSource.githubDependabot(severities: [.high, .critical])),
            ("github-dependabot:low,medium,high,critical", FindingSource.githubDependabot(severities: DependabotSeverity.allCases)),
        ]
    )
    func parses(_ text: String, _ source: FindingSource) throws {
        #expect(try FindingSource(parsing: text) == source)
        #expect(source.description == text)
    }

    @Test(
        "reads severity lists without case, blanks or repeats, ordered low to critical",
        arguments: [
            ("github-dependabot:CRITICAL,high", [DependabotSeverity.high, .critical]),
            ("github-dependabot: high , High,high", [.high]),
            ("github-dependabot:critical,low,medium", [.low, .medium, .critical]),
        ]
    )
    func severities(_ text: String, _ expected: [DependabotSeverity]) throws {
        #expect(try FindingSource(parsing: text) == .githubDependabot(severities: expected))
    }

    @Test(
        "refuses other forms",
        arguments: [
            "", "file:", "gitlab-issues:", "http://x", "STDIN", "issues:x", "github-issues:", "github-dependabot:", "github-dependabot:severe",
            "github-dependabot:moderate", "github-dependabot:high,", "github-dependabot:,high", "github-dependabot:high,,critical",
            "github-dependabot:high;critical", "github-dependabotx", "github-dependabot high",
        ]
    )
    func refuses(_ text: String) {
        #expect(throws: RemediationError.invalidSource(text)) { try FindingSource(parsing: text) }
    }

    @Test("reads a list: one id per line, comments and blanks ignored, repeats dropped")
    func list() {
        let text = "# advisories\nCVE-1\n\n  CVE-2  # trailing comment\nCVE-1\n\t\n#CVE-3\nGHSA-x\r\n"
        #expect(FindingSource.findings(inList: text).map(\.id) == ["CVE-1", "CVE-2", "GHSA-x"])
        #expect(FindingSource.findings(inList: "CVE-1").first == Finding(id: "CVE-1", title: "CVE-1"))
    }
}
