import Forge
import Remediation
import Testing

@Suite("Dependabot alerts become findings")
struct DependabotFindingsTests {
    static func alert(
        _ number: Int, package: String = "lodash", ecosystem: String = "npm", manifest: String = "package-lock.json", severity: String = "high",
        range: String = "< 4.17.21", fixed: String? = "4.17.21", ghsa: String? = nil, cve: String? = nil, summary: String = "Prototype pollution",
        state: String = "open"
    ) -> GitHubDependabotAlert {
        GitHubDependabotAlert(
            number: number, state: state, packageName: package, ecosystem: ecosystem, manifestPath: manifest, severity: severity, vulnerableRange: range,
            fixedVersion: fixed, ghsaID: ghsa, cveID: cve, summary: summary, description: "Details of \(package).",
            references: cve.map { ["https://nvd.nist.gov/vuln/detail/\($0)"] } ?? [],
            htmlURL: "https://github.com/acme/app/security/dependabot/\(number)"
        )
    }

    /// What one finding must look like.
    struct Expected: Sendable {
        var id: String
        var alerts: [Int]
        var variables: [String: String] = [:]
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var alerts: [GitHubDependabotAlert]
        var severities: [DependabotSeverity] = []
        var expected: [Expected]
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(
            name: "an npm alert with a GHSA and a CVE is named by its GHSA and fills every variable",
            alerts: [alert(1, ghsa: "GHSA-35jh-r3h4-6jhm", cve: "CVE-2021-23337")],
            expected: [
                Expected(id: "GHSA-35jh-r3h4-6jhm", alerts: [1], variables: [
                    "PACKAGE": "lodash", "ECOSYSTEM": "npm", "MANIFEST": "package-lock.json", "VULNERABLE_RANGE": "< 4.17.21",
                    "FIXED_VERSION": "4.17.21", "SEVERITY": "high", "ADVISORY_URL": "https://github.com/advisories/GHSA-35jh-r3h4-6jhm",
                ])
            ]
        ),
        Case(
            name: "a pip alert with only a CVE is named by the CVE; its advisory link is the first reference",
            alerts: [alert(2, package: "django", ecosystem: "pip", manifest: "requirements.txt", severity: "critical", range: ">= 2.0.0, < 2.0.2", fixed: "2.0.2", cve: "CVE-2018-6188")],
            expected: [
                Expected(id: "CVE-2018-6188", alerts: [2], variables: [
                    "PACKAGE": "django", "ECOSYSTEM": "pip", "MANIFEST": "requirements.txt", "VULNERABLE_RANGE": ">= 2.0.0, < 2.0.2",
                    "FIXED_VERSION": "2.0.2", "SEVERITY": "critical", "ADVISORY_URL": "https://nvd.nist.gov/vuln/detail/CVE-2018-6188",
                ])
            ]
        ),
        Case(
            name: "a maven alert with neither id is dependabot-<number>; its advisory link is the alert",
            alerts: [alert(3, package: "org.yaml:snakeyaml", ecosystem: "maven", manifest: "pom.xml", severity: "medium", range: "< 2.0", fixed: "2.0")],
            expected: [
                Expected(id: "dependabot-3", alerts: [3], variables: [
                    "ECOSYSTEM": "maven", "SEVERITY": "medium", "ADVISORY_URL": "https://github.com/acme/app/security/dependabot/3",
                ])
            ]
        ),
        Case(
            name: "a GHSA id that is not of the advisory database's form falls back to the CVE, then to the number",
            alerts: [
                alert(4, package: "rack", ecosystem: "rubygems", manifest: "Gemfile.lock", severity: "low", ghsa: "GHSA-../../etc", cve: "CVE-2024-0001"),
                alert(5, package: "rack", ecosystem: "rubygems", manifest: "Gemfile.lock", severity: "low", ghsa: "ghsa x", cve: "CVE 2024;rm"),
            ],
            expected: [Expected(id: "CVE-2024-0001", alerts: [4]), Expected(id: "dependabot-5", alerts: [5])]
        ),
        Case(
            name: "a Go alert without a patched version says none is published",
            alerts: [alert(6, package: "golang.org/x/net", ecosystem: "go", manifest: "go.mod", severity: "HIGH", fixed: nil, ghsa: "GHSA-4374-p667-p6c8")],
            expected: [Expected(id: "GHSA-4374-p667-p6c8", alerts: [6], variables: ["FIXED_VERSION": "none published", "SEVERITY": "high", "ECOSYSTEM": "go"])]
        ),
        Case(
            name: "a severity filter keeps only the listed severities",
            alerts: [
                alert(7, severity: "low", ghsa: "GHSA-aaaa-aaaa-aaaa"), alert(8, severity: "critical", ghsa: "GHSA-bbbb-bbbb-bbbb"),
                alert(9, severity: "medium", ghsa: "GHSA-cccc-cccc-cccc"), alert(10, severity: "high", ghsa: "GHSA-dddd-dddd-dddd"),
            ],
            severities: [.high, .critical],
            expected: [Expected(id: "GHSA-bbbb-bbbb-bbbb", alerts: [8]), Expected(id: "GHSA-dddd-dddd-dddd", alerts: [10])]
        ),
        Case(
            name: "alerts that are not open are left out",
            alerts: [alert(11, ghsa: "GHSA-eeee-eeee-eeee", state: "dismissed"), alert(12, ghsa: "GHSA-ffff-ffff-ffff", state: "fixed"), alert(13, cve: "CVE-2025-1")],
            expected: [Expected(id: "CVE-2025-1", alerts: [13])]
        ),
        Case(
            name: "one advisory in two manifests is one finding naming both alerts and manifests, at its highest severity",
            alerts: [
                alert(20, manifest: "web/package-lock.json", severity: "medium", ghsa: "GHSA-gggg-gggg-gggg"),
                alert(14, manifest: "api/package-lock.json", severity: "high", ghsa: "GHSA-gggg-gggg-gggg"),
                alert(15, package: "minimist", severity: "critical", ghsa: "GHSA-hhhh-hhhh-hhhh"),
            ],
            expected: [
                Expected(id: "GHSA-gggg-gggg-gggg", alerts: [14, 20], variables: ["MANIFEST": "api/package-lock.json, web/package-lock.json", "SEVERITY": "high"]),
                Expected(id: "GHSA-hhhh-hhhh-hhhh", alerts: [15]),
            ]
        ),
    ]

    @Test("maps alerts", arguments: cases)
    func maps(_ row: Case) {
        let findings = DependabotFindings.findings(of: row.alerts, severities: row.severities)
        #expect(findings.map(\.id) == row.expected.map(\.id))
        for (finding, expected) in zip(findings, row.expected) {
            #expect(finding.alertNumbers == expected.alerts)
            for (name, value) in expected.variables {
                #expect(finding.variables[name] == value, "\(name)")
            }
            #expect(Set(finding.variables.keys) == PromptTemplate.dependabotVariables)
            #expect(finding.webURL == "https://github.com/acme/app/security/dependabot/\(expected.alerts[0])")
            #expect(finding.issueIID == nil)
        }
    }

    @Test("the details name the alert, package, range, fix and advisory; the title is the advisory's summary")
    func details() throws {
        let finding = try #require(DependabotFindings.findings(of: [Self.alert(9, ghsa: "GHSA-35jh-r3h4-6jhm")]).first)
        #expect(finding.title == "Prototype pollution")
        #expect(finding.details.contains("#9") && finding.details.contains("lodash (npm) < 4.17.21 in package-lock.json"))
        #expect(finding.details.contains("first fixed version: 4.17.21") && finding.details.contains("https://github.com/advisories/GHSA-35jh-r3h4-6jhm"))
        #expect(finding.details.contains("Details of lodash."))
        let untitled = try #require(DependabotFindings.findings(of: [Self.alert(10, cve: "CVE-2025-2", summary: "  ")]).first)
        #expect(untitled.title == "lodash < 4.17.21")
    }

    @Test("a template using the alert's variables fills from a finding")
    func template() throws {
        let finding = try #require(DependabotFindings.findings(of: [Self.alert(1, ghsa: "GHSA-35jh-r3h4-6jhm")]).first)
        let template = try PromptTemplate("Upgrade $PACKAGE ($ECOSYSTEM, $SEVERITY) in $MANIFEST past $VULNERABLE_RANGE to $FIXED_VERSION: $ADVISORY_URL")
        #expect(
            try template.filled(with: finding.variables)
                == "Upgrade lodash (npm, high) in package-lock.json past < 4.17.21 to 4.17.21: https://github.com/advisories/GHSA-35jh-r3h4-6jhm"
        )
    }
}
