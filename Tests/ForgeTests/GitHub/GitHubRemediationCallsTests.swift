import Forge
import Foundation
import Testing
import WardenTestSupport

@Suite("GitHub client: the calls remediation makes, against the fake GitHub's rules")
struct GitHubRemediationCallsTests {
    static func alerts(count: Int) -> [FakeDependabotAlert] {
        let severities = ["low", "medium", "high", "critical"]
        return (1...count).map { number in
            FakeDependabotAlert(
                number: number, state: number % 10 == 0 ? "dismissed" : "open", package: "pkg\(number)", ecosystem: number % 2 == 0 ? "npm" : "pip",
                manifest: "requirements.txt", severity: severities[number % 4], vulnerableRange: "< 1.0", patchedVersion: number % 3 == 0 ? nil : "1.0",
                ghsaID: number % 5 == 0 ? nil : "GHSA-aaaa-bbbb-\(String(format: "%04d", number))", cveID: number % 7 == 0 ? "CVE-2026-\(number)" : nil,
                summary: "Problem \(number)"
            )
        }
    }

    @Test("open Dependabot alerts are read across cursor pages, oldest first, in GitHub's shape", .timeLimit(.minutes(1)))
    func alertsAcrossPages() async throws {
        let testbed = try await GitHubTestbed.start()
        defer { Task { await testbed.stop() } }
        await testbed.github.addDependabotAlerts(repository: GitHubTestbed.fullName, Self.alerts(count: 230))
        let alerts = try await testbed.appClient().openDependabotAlerts(testbed.ref())
        #expect(alerts.count == 207)
        #expect(alerts.map(\.number) == (1...230).filter { $0 % 10 != 0 })
        #expect(await testbed.github.calls(to: .dependabotAlerts).count == 3)
        let third = try #require(alerts.first { $0.number == 3 })
        #expect(third.packageName == "pkg3" && third.ecosystem == "pip" && third.manifestPath == "requirements.txt" && third.severity == "critical")
        #expect(third.vulnerableRange == "< 1.0" && third.fixedVersion == nil && third.ghsaID == "GHSA-aaaa-bbbb-0003" && third.cveID == nil)
        #expect(third.summary == "Problem 3" && third.htmlURL.hasSuffix("/acme/app/security/dependabot/3"))
        let seventh = try #require(alerts.first { $0.number == 35 })
        #expect(seventh.ghsaID == nil && seventh.cveID == "CVE-2026-35" && seventh.references == ["https://nvd.nist.gov/vuln/detail/CVE-2026-35"])
    }

    @Test("a severity filter is sent to GitHub, which answers only those severities")
    func severityFilter() async throws {
        let testbed = try await GitHubTestbed.start()
        defer { Task { await testbed.stop() } }
        await testbed.github.addDependabotAlerts(repository: GitHubTestbed.fullName, Self.alerts(count: 40))
        let alerts = try await testbed.tokenClient().openDependabotAlerts(testbed.ref(), severities: ["high", "critical"])
        #expect(!alerts.isEmpty && alerts.allSatisfy { $0.severity == "high" || $0.severity == "critical" })
        #expect(alerts.count == (1...40).filter { $0 % 10 != 0 && ($0 % 4 == 2 || $0 % 4 == 3) }.count)
    }

    @Test("alerts that are disabled are a forbidden error, not an empty list")
    func disabled() async throws {
        let testbed = try await GitHubTestbed.start()
        defer { Task { await testbed.stop() } }
        await testbed.github.disableDependabotAlerts(repository: GitHubTestbed.fullName)
        let error = await #expect(throws: ForgeError.self) { try await testbed.tokenClient().openDependabotAlerts(testbed.ref()) }
        #expect(error?.isForbidden == true && error?.description.contains("disabled") == true)
    }

    @Test("labelled issues are read across pages whose links keep the label filter; pull requests are left out")
    func labelledIssuesAcrossPages() async throws {
        let testbed = try await GitHubTestbed.start()
        defer { Task { await testbed.stop() } }
        for number in 2...201 {
            await testbed.github.addIssue(repository: GitHubTestbed.fullName, number: number, title: "issue \(number)", labels: number % 3 == 0 ? ["docs"] : ["security", "bug"])
        }
        let issues = try await testbed.tokenClient().openIssues(testbed.ref(), label: "security")
        #expect(issues.map(\.iid) == (2...201).filter { $0 % 3 != 0 })
        #expect(await testbed.github.calls(to: .issues).count == 2)
    }

    @Test("pull requests created since a time are read newest first and only as far back as that time", .timeLimit(.minutes(2)))
    func pullRequestsSince() async throws {
        let testbed = try await GitHubTestbed.start()
        defer { Task { await testbed.stop() } }
        let now = Date()
        for number in 2...101 {
            try await testbed.github.openPullRequest(
                repository: GitHubTestbed.fullName, number: number, headRef: "feature", baseRef: "main", title: "old \(number)",
                createdAt: now.addingTimeInterval(-86_400 * 2 - Double(number)), open: false
            )
        }
        try await testbed.github.openPullRequest(
            repository: GitHubTestbed.fullName, number: 102, headRef: "feature", baseRef: "main", title: "closed today",
            createdAt: now.addingTimeInterval(-60), open: false
        )
        let recent = try await testbed.tokenClient().pullRequests(testbed.ref(), createdSince: now.addingTimeInterval(-3600))
        #expect(Set(recent.map(\.number)) == [1, 102])
        #expect(recent.first { $0.number == 102 }?.state == "closed")
        #expect(recent.allSatisfy { $0.headRepositoryFullName == GitHubTestbed.fullName })
        // Two pages exist; the first already reaches past the hour, so the second is not read.
        #expect(await testbed.github.calls(to: .pullRequests).count == 1)
    }

    @Test("open pull requests are found by head branch; branches are found by name")
    func headsAndBranches() async throws {
        let testbed = try await GitHubTestbed.start()
        defer { Task { await testbed.stop() } }
        let client = testbed.tokenClient()
        #expect(try await client.openPullRequests(testbed.ref(), head: "feature").map(\.number) == [1])
        #expect(try await client.openPullRequests(testbed.ref(), head: "fix/GHSA-none").isEmpty)
        #expect(try await client.branchExists(testbed.ref(), branch: "feature"))
        #expect(try await client.branchExists(testbed.ref(), branch: "fix/GHSA-none") == false)
        _ = try await testbed.repository.commit(on: "fix/GHSA-aaaa-bbbb-cccc", files: ["x.txt": "x\n"], message: "fix")
        #expect(try await client.branchExists(testbed.ref(), branch: "fix/GHSA-aaaa-bbbb-cccc"))
    }
}
