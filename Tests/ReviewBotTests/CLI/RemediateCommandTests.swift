import Foundation
import Testing
import WardenTestSupport

/// `warden remediate` on a GitHub repository, as an operator runs it: the built binary, a fake GitHub whose API URL
/// stands for a GitHub Enterprise Server host (the repository's address is on the API's host).
@Suite("warden remediate on GitHub")
struct RemediateCommandTests {
    static let token = "ghp_remediate_cli_canary_7a1f"

    /// Starts a fake GitHub with `acme/app` and two alerts, and returns it with the environment that points warden at it.
    static func github(in directory: TestDataDirectory) async throws -> (FakeGitHub, URL, [String: String]) {
        let github = FakeGitHub(personalToken: token, botLogin: "warden-bot")
        let apiURL = try await github.start()
        let repository = try await TestRepository.create(in: directory.path + "/git", name: "acme/app.git")
        try await repository.commit(on: "main", files: ["README.md": "# app\n"])
        await github.addRepository(id: 12, fullName: "acme/app", installationID: 1, repositoryPath: repository.path)
        await github.addDependabotAlerts(repository: "acme/app", [
            FakeDependabotAlert(
                number: 1, package: "lodash", ecosystem: "npm", manifest: "package-lock.json", severity: "critical", vulnerableRange: "< 4.17.21",
                patchedVersion: "4.17.21", ghsaID: "GHSA-35jh-r3h4-6jhm", cveID: nil, summary: "Command injection"
            ),
            FakeDependabotAlert(
                number: 2, package: "requests", ecosystem: "pip", manifest: "requirements.txt", severity: "low", vulnerableRange: "< 2.31.0",
                patchedVersion: "2.31.0", ghsaID: nil, cveID: "CVE-2023-32681", summary: "Header leak"
            ),
        ])
        let environment = [
            "WARDEN_DATA_DIR": directory.path + "/data", "WARDEN_LOG_FORMAT": "text", "WARDEN_GITHUB_API_URL": apiURL.absoluteString,
            "WARDEN_GITHUB_TOKEN": token, "WARDEN_GITHUB_BOT_LOGIN": "warden-bot", "WARDEN_REMEDIATE_TEST_COMMAND": "true",
            "WARDEN_REMEDIATE_UNSANDBOXED_TESTS": "true",
        ]
        return (github, apiURL, environment)
    }

    @Test("a dry run lists the Dependabot findings of the severities asked for, reading GitHub only", .timeLimit(.minutes(1)))
    func dryRun() async throws {
        let directory = try TestDataDirectory()
        defer { directory.remove() }
        let (github, apiURL, environment) = try await Self.github(in: directory)
        defer { Task { await github.stop() } }
        let run = try await WardenCommandLineTests.warden(
            ["remediate", "--repo", apiURL.absoluteString + "/acme/app", "--source", "github-dependabot:critical,high", "--dry-run", "--json"],
            environment: environment
        )
        #expect(run.status == 0, "\(run.error)")
        #expect(run.output.contains("GHSA-35jh-r3h4-6jhm") && run.output.contains("dry_run") && !run.output.contains("CVE-2023-32681"), "\(run.output)")
        #expect(!run.output.contains(Self.token) && !run.error.contains(Self.token))
        #expect(await github.calls(to: .dependabotAlerts).count == 1)
        #expect(await github.calls(to: .createPullRequest).isEmpty)
    }

    @Test("a GitLab source on a GitHub repository, a bad severity, a bad --base and a missing bot login stop at start with 78")
    func refusals() async throws {
        let directory = try TestDataDirectory()
        defer { directory.remove() }
        let (github, apiURL, environment) = try await Self.github(in: directory)
        defer { Task { await github.stop() } }
        let repo = apiURL.absoluteString + "/acme/app"
        let gitLabSource = try await WardenCommandLineTests.warden(["remediate", "--repo", repo, "--source", "gitlab-issues:security"], environment: environment)
        #expect(gitLabSource.status == 78 && gitLabSource.error.contains("reads GitLab"), "\(gitLabSource.error)")
        let severity = try await WardenCommandLineTests.warden(["remediate", "--repo", repo, "--source", "github-dependabot:severe"], environment: environment)
        #expect(severity.status == 78 && severity.error.contains("github-dependabot:severe"), "\(severity.error)")
        let base = try await WardenCommandLineTests.warden(
            ["remediate", "--repo", repo, "--source", "github-dependabot", "--base", "main..evil"], environment: environment
        )
        #expect(base.status == 78 && base.error.contains("--base"), "\(base.error)")
        var noLogin = environment
        noLogin["WARDEN_GITHUB_BOT_LOGIN"] = nil
        let missing = try await WardenCommandLineTests.warden(["remediate", "--repo", repo, "--source", "github-dependabot"], environment: noLogin)
        #expect(missing.status == 78 && missing.error.contains("github.bot_login"), "\(missing.error)")
        #expect(await github.calls(to: .createPullRequest).isEmpty)
    }
}
