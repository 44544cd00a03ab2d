import Forge
import Foundation
import Remediation
import Testing
import WardenCore
import WardenTestSupport

@Suite("Remediation on GitHub: fake GitHub, git over HTTP with installation tokens, the real codex", .serialized)
struct GitHubRemediationTests {
    static let fixed = RemediationHarness.addFile("escape.txt", ["lodash pinned to 4.17.21"])

    @Test(
        "a Dependabot alert becomes a pushed branch and a draft pull request naming the alert; a rerun the same day skips it",
        .timeLimit(.minutes(3)), arguments: TestStore.allCases
    )
    func dependabot(store: TestStore) async throws {
        let harness = try await GitHubRemediationHarness.start(script: [Self.fixed, .message("Pinned lodash to 4.17.21.")], store: store)
        defer { Task { await harness.stop() } }
        await harness.github.addDependabotAlerts(
            repository: GitHubRemediationHarness.fullName,
            [
                GitHubRemediationHarness.lodashAlert(number: 3, severity: "high"),
                FakeDependabotAlert(
                    number: 4, package: "requests", ecosystem: "pip", manifest: "requirements.txt", severity: "low", vulnerableRange: "< 2.31.0",
                    patchedVersion: "2.31.0", ghsaID: "GHSA-j8r2-6x86-q33q", cveID: nil, summary: "Proxy-Authorization leak"
                ),
            ]
        )
        let runner = try await harness.runner()
        let findings = try await runner.findings(from: .githubDependabot(severities: [.high, .critical]), project: .id(1), standardInput: { "" })
        #expect(findings.map(\.id) == ["GHSA-35jh-r3h4-6jhm"])
        let template = try PromptTemplate("Upgrade $PACKAGE ($ECOSYSTEM) in $MANIFEST to $FIXED_VERSION; severity $SEVERITY; $ADVISORY_URL; branch $BRANCH.")
        let report = try await runner.run(findings, project: .id(GitHubRemediationHarness.repositoryID), template: template)
        let row = try #require(report.rows.first)
        guard case .mergeRequestOpened(let number, let url) = row.outcome else {
            Issue.record("expected a pull request, got \(row.outcome.detail)")
            return
        }
        let prompt = try #require(await harness.model.requests.first?.json?.serialized)
        #expect(prompt.contains("Upgrade lodash (npm) in package.json to 4.17.21; severity high; https://github.example/advisories/GHSA-35jh-r3h4-6jhm"))
        let pushed = try await harness.repository.contents(of: "escape.txt", at: "refs/heads/fix/GHSA-35jh-r3h4-6jhm")
        #expect(pushed?.hasPrefix("lodash pinned to 4.17.21") == true)
        let pulls = await harness.github.storedPullRequests(repository: GitHubRemediationHarness.fullName)
        let pull = try #require(pulls.first { $0.number == number })
        #expect(pull.draft && pull.title == "fix: Command injection in lodash" && pull.headRef == "fix/GHSA-35jh-r3h4-6jhm" && pull.baseRef == "main")
        #expect(pull.authorLogin == GitHubRemediationHarness.botLogin)
        #expect(pull.body.contains("Dependabot alert number 3") && pull.body.contains("https://github.example/acme/app/security/dependabot/3"))
        #expect(pull.body.contains("Tests (`sh -c ! grep -rq --exclude-dir=.git BROKEN .`): passed") && pull.body.contains("Pinned lodash to 4.17.21."))
        #expect(pull.body.contains("Session log: `remediate/") && pull.body.contains("draft pull request"))
        #expect(url.hasSuffix("/pull/\(number)"))
        let log = try String(contentsOfFile: harness.data.path + "/" + (row.sessionLog ?? ""), encoding: .utf8)
        for token in await harness.github.installationTokenValues() { #expect(!log.contains(token)) }

        let requests = await harness.model.requests.count
        let again = try await runner.run(findings, project: .id(GitHubRemediationHarness.repositoryID), template: template)
        #expect(again.rows.map(\.outcome) == [.alreadyHandled(outcome: "merge_request_opened")])
        #expect(await harness.model.requests.count == requests)
        #expect(await harness.github.calls(to: .createPullRequest).count == 1)
    }

    @Test("a labelled issue becomes a draft pull request against --base, and the issue gets the link", .timeLimit(.minutes(3)))
    func issue() async throws {
        let harness = try await GitHubRemediationHarness.start(script: [Self.fixed, .message("Escaped the query.")])
        defer { Task { await harness.stop() } }
        let main = try #require(try await harness.repository.tip(of: "refs/heads/main"))
        _ = try await harness.repository.commit(on: "release-1", files: ["RELEASE": "1\n"], message: "release", parent: main)
        await harness.github.addIssue(repository: GitHubRemediationHarness.fullName, number: 7, title: "SQL injection in login", body: "Concatenated input.", labels: ["security"])
        await harness.github.addIssue(repository: GitHubRemediationHarness.fullName, number: 8, title: "Unrelated", labels: ["docs"])
        let runner = try await harness.runner()
        let findings = try await runner.findings(from: .githubIssues(label: "security"), project: .id(1), standardInput: { "" })
        #expect(findings.map(\.id) == ["issue-7"])
        let report = try await runner.run(findings, project: .id(GitHubRemediationHarness.repositoryID), template: .builtIn, base: "release-1")
        guard case .mergeRequestOpened(let number, let url) = try #require(report.rows.first).outcome else {
            Issue.record("expected a pull request, got \(report.rows.first?.outcome.detail ?? "nothing")")
            return
        }
        let pull = try #require(await harness.github.storedPullRequests(repository: GitHubRemediationHarness.fullName).first { $0.number == number })
        #expect(pull.draft && pull.title == "fix: SQL injection in login" && pull.baseRef == "release-1")
        #expect(pull.body.contains("[issue-7](https://github.example/acme/app/issues/7)"))
        #expect(try await harness.repository.contents(of: "RELEASE", at: "refs/heads/fix/issue-7")?.hasPrefix("1") == true)
        let comments = await harness.github.storedIssueComments(repository: GitHubRemediationHarness.fullName, number: 7)
        #expect(comments.count == 1 && comments[0].body.contains(url) && comments[0].body.contains("draft pull request"))
        #expect(await harness.github.storedIssueComments(repository: GitHubRemediationHarness.fullName, number: 8).isEmpty)
    }

    @Test("fixes that break the tests or add a token are not pushed, and the report says why", .timeLimit(.minutes(4)))
    func gates() async throws {
        let harness = try await GitHubRemediationHarness.start(script: [
            RemediationHarness.addFile("broken.txt", ["BROKEN"]), .message("done"),
            RemediationHarness.addFile("deploy.env", ["GITHUB_TOKEN=ghp_Xk9mP2qR7vT4wZ1nB8cDe5Fg3Hj6Kl0Mn2Pq"]), .message("done"),
        ])
        defer { Task { await harness.stop() } }
        await harness.github.addDependabotAlerts(
            repository: GitHubRemediationHarness.fullName,
            [
                GitHubRemediationHarness.lodashAlert(number: 1),
                FakeDependabotAlert(
                    number: 2, package: "rack", ecosystem: "rubygems", manifest: "Gemfile.lock", severity: "critical", vulnerableRange: "< 3.0.1",
                    patchedVersion: "3.0.1", ghsaID: nil, cveID: nil, summary: "Rack header injection"
                ),
            ]
        )
        let runner = try await harness.runner()
        let findings = try await runner.findings(from: .githubDependabot(severities: []), project: .id(1), standardInput: { "" })
        #expect(findings.map(\.id) == ["GHSA-35jh-r3h4-6jhm", "dependabot-2"])
        let report = try await runner.run(findings, project: .id(GitHubRemediationHarness.repositoryID), template: .builtIn)
        #expect(report.rows.map(\.outcome.label) == ["tests_failed", "secret_found"])
        #expect(report.table.contains("gate: tests") && report.table.contains("github-pat at deploy.env:1"))
        #expect(try await harness.repository.tip(of: "refs/heads/fix/GHSA-35jh-r3h4-6jhm") == nil)
        #expect(try await harness.repository.tip(of: "refs/heads/fix/dependabot-2") == nil)
        #expect(await harness.github.calls(to: .createPullRequest).isEmpty)
    }

    @Test("the kill-switch label, GitHub's own count of today's fix pull requests, and an existing branch or pull request stop work")
    func guardrails() async throws {
        let harness = try await GitHubRemediationHarness.start(script: [])
        defer { Task { await harness.stop() } }
        let name = GitHubRemediationHarness.fullName
        let main = try #require(try await harness.repository.tip(of: "refs/heads/main"))
        let findings = FindingSource.findings(inList: "GHSA-aaaa-aaaa-aaaa\nGHSA-bbbb-bbbb-bbbb\nGHSA-cccc-cccc-cccc\n")
        let project = ProjectRef.id(GitHubRemediationHarness.repositoryID)

        // A branch of the second finding exists; an open pull request (from a person) has the third's head.
        _ = try await harness.repository.commit(on: "fix/GHSA-bbbb-bbbb-bbbb", files: ["b.txt": "b\n"], message: "b", parent: main)
        _ = try await harness.repository.commit(on: "fix/GHSA-cccc-cccc-cccc", files: ["c.txt": "c\n"], message: "c", parent: main)
        try await harness.github.openPullRequest(repository: name, number: 40, headRef: "fix/GHSA-cccc-cccc-cccc", baseRef: "main", title: "by hand")
        // Today's fix pull requests on GitHub that do not count: a person's, one from yesterday, and one not from `fix/`.
        _ = try await harness.repository.commit(on: "fix/OLD-1", files: ["o.txt": "o\n"], message: "o", parent: main)
        _ = try await harness.repository.commit(on: "feature", files: ["f.txt": "f\n"], message: "f", parent: main)
        try await harness.github.openPullRequest(
            repository: name, number: 41, headRef: "fix/OLD-1", baseRef: "main", title: "yesterday", authorLogin: GitHubRemediationHarness.botLogin,
            createdAt: RemediationRunner.startOfDay(of: Date()).addingTimeInterval(-60), open: false
        )
        try await harness.github.openPullRequest(
            repository: name, number: 42, headRef: "feature", baseRef: "main", title: "not a fix", authorLogin: GitHubRemediationHarness.botLogin
        )
        let dryRun = try await harness.runner(RemediationHarness.settings(dailyCap: 1)).run(findings, project: project, template: .builtIn, dryRun: true)
        #expect(dryRun.rows.map(\.outcome.label) == ["dry_run", "already_proposed", "already_proposed"])
        #expect(dryRun.rows[1].outcome.detail.contains("the branch fix/GHSA-bbbb-bbbb-bbbb exists"))
        #expect(dryRun.rows[2].outcome.detail.contains("pull request #40"))

        // The bot's fix pull request opened today counts on GitHub although this store has never seen it.
        _ = try await harness.repository.commit(on: "fix/LOST-1", files: ["l.txt": "l\n"], message: "l", parent: main)
        try await harness.github.openPullRequest(
            repository: name, number: 43, headRef: "fix/LOST-1", baseRef: "main", title: "opened before the store was lost",
            authorLogin: GitHubRemediationHarness.botLogin, open: false
        )
        let capped = try await harness.runner(RemediationHarness.settings(dailyCap: 1)).run(findings, project: project, template: .builtIn)
        #expect(capped.rows.map(\.outcome.label) == ["daily_cap_reached", "daily_cap_reached", "daily_cap_reached"])
        let uncapped = try await harness.runner(RemediationHarness.settings(dailyCap: 2)).run(findings, project: project, template: .builtIn, dryRun: true)
        #expect(uncapped.rows.first?.outcome == .wouldRun)

        await harness.github.addIssue(repository: name, number: 99, title: "Pause the bot", labels: ["codex-paused"])
        let paused = try await harness.runner().run(findings, project: project, template: .builtIn)
        #expect(paused.rows.isEmpty && paused.stoppedReason?.contains("#99") == true && paused.stoppedReason?.contains("codex-paused") == true)
        #expect(await harness.model.requests.isEmpty)
        #expect(await harness.github.calls(to: .createPullRequest).isEmpty)
    }

    @Test("when GitHub cannot say whether a fix branch exists, the finding fails before Codex runs and is not recorded")
    func guardrailUnreadable() async throws {
        let harness = try await GitHubRemediationHarness.start(script: [])
        defer { Task { await harness.stop() } }
        await harness.github.failNext(2, .gitReference, with: .serverError(502))
        let findings = FindingSource.findings(inList: "GHSA-aaaa-aaaa-aaaa\n")
        let project = ProjectRef.id(GitHubRemediationHarness.repositoryID)
        let report = try await harness.runner().run(findings, project: project, template: .builtIn)
        #expect(report.rows.map(\.outcome.label) == ["failed"] && report.hasFailures)
        #expect(report.rows.first?.outcome.detail.contains("GitHub cannot be read") == true)
        #expect(await harness.model.requests.isEmpty)
        let retried = try await harness.runner().run(findings, project: project, template: .builtIn, dryRun: true)
        #expect(retried.rows.map(\.outcome) == [.wouldRun])
    }

    @Test("a GitHub source is refused on GitLab, a GitLab source on GitHub, and disabled alerts are an unreadable source")
    func sourcesAndForges() async throws {
        let harness = try await GitHubRemediationHarness.start(script: [])
        defer { Task { await harness.stop() } }
        let runner = try await harness.runner()
        await #expect(throws: RemediationError.self) {
            try await runner.findings(from: .gitlabIssues(label: "security"), project: .id(1), standardInput: { "" })
        }
        await harness.github.disableDependabotAlerts(repository: GitHubRemediationHarness.fullName)
        let error = await #expect(throws: RemediationError.self) {
            try await runner.findings(from: .githubDependabot(severities: []), project: .id(1), standardInput: { "" })
        }
        #expect(error?.message.contains("disabled") == true)
        let gitLab = try await RemediationHarness.start(script: [])
        defer { Task { await gitLab.stop() } }
        let onGitLab = try await gitLab.runner(sandbox: .unavailable(reason: "not needed"))
        await #expect(throws: RemediationError.self) {
            try await onGitLab.findings(from: .githubDependabot(severities: []), project: .id(1), standardInput: { "" })
        }
    }
}
