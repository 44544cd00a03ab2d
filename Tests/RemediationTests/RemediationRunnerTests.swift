import Forge
import Foundation
import Git
import Remediation
import Testing
import WardenCore
import WardenTestSupport

@Suite("Remediation runner against fake GitLab, git over HTTP and the real codex", .serialized)
struct RemediationRunnerTests {
    static let fixed = RemediationHarness.addFile("escape.txt", ["query uses bound parameters now"])

    @Test("a finding becomes a pushed fix branch and a draft merge request; the issue gets the link; a rerun skips it", .timeLimit(.minutes(3)), arguments: TestStore.allCases)
    func happyPath(store: TestStore) async throws {
        let harness = try await RemediationHarness.start(script: [Self.fixed, .message("Switched the query to bound parameters.")], store: store)
        defer { Task { await harness.stop() } }
        await harness.gitLab.addIssue(
            projectID: 1, iid: 7, title: "SQL injection in login", description: "The login query concatenates user input.", labels: ["security"]
        )
        let runner = try await harness.runner()
        let findings = try await runner.findings(from: .gitlabIssues(label: "security"), project: .id(1), standardInput: { "" })
        #expect(findings.map(\.id) == ["issue-7"])
        let report = try await runner.run(findings, project: .id(1), template: .builtIn)
        let row = try #require(report.rows.first)
        guard case .mergeRequestOpened(let iid, let url) = row.outcome else {
            Issue.record("expected a merge request, got \(row.outcome.detail)")
            return
        }
        #expect(!report.hasFailures)
        let pushed = try await harness.repository.contents(of: "escape.txt", at: "refs/heads/fix/issue-7")
        #expect(pushed?.hasPrefix("query uses bound parameters now") == true)
        let call = try #require(await harness.gitLab.calls(to: .createMergeRequest).first)
        #expect(call.json?["title"]?.string == "fix: SQL injection in login" || call.json?["title"]?.string == "Draft: fix: SQL injection in login")
        #expect(call.json?["source_branch"]?.string == "fix/issue-7")
        #expect(call.json?["target_branch"]?.string == "main")
        let body = try #require(call.json?["description"]?.string)
        #expect(body.contains("issue-7") && body.contains("Switched the query to bound parameters.") && body.contains("remediate/"))
        #expect(body.contains("Tests (`sh -c ! grep -rq --exclude-dir=.git BROKEN .`): passed"))
        let notes = await harness.gitLab.issueNoteBodies(projectID: 1, issueIID: 7)
        #expect(notes.count == 1 && notes[0].contains(url))
        #expect(iid > 0)
        let log = try String(contentsOfFile: harness.data.path + "/" + (row.sessionLog ?? ""), encoding: .utf8)
        #expect(log.contains("turn.completed") && !log.contains(harness.gitToken.exposedValue))

        let requestsBefore = await harness.model.requests.count
        let again = try await runner.run(findings, project: .id(1), template: .builtIn)
        #expect(again.rows.map(\.outcome) == [.alreadyHandled(outcome: "merge_request_opened")])
        #expect(await harness.model.requests.count == requestsBefore)
        #expect(await harness.gitLab.calls(to: .createMergeRequest).count == 1)
    }

    @Test("fixes that break the tests or add a token or a private key are not pushed; the report names the rule", .timeLimit(.minutes(4)))
    func gates() async throws {
        let harness = try await RemediationHarness.start(script: [
            RemediationHarness.addFile("broken.txt", ["BROKEN"]), .message("done"),
            RemediationHarness.addFile("deploy.env", ["GITLAB_TOKEN=glpat-Xk9mP2qR7vT4wZ1nB8cD"]), .message("done"),
            RemediationHarness.addFile(
                "deploy/key.pem",
                [
                    "-----BEGIN RSA PRIVATE KEY-----", "MIIEowIBAAKCAQEAx3v9Qk2Lm8Pz7Rt5Yw1Nq4Hs6Jd0Fg3Kc9Vb2Xn5Mz8Ap1Lq",
                    "Tr4Ew7Uy0Io3Pa6Sd9Fg2Hj5Kl8Zx1Cv4Bn7Mq0Wa3Es6Rd9Tf2Gy5Hu8Ij1Ok4", "-----END RSA PRIVATE KEY-----",
                ]
            ),
            .message("done"),
            .message("nothing to change"),
        ])
        defer { Task { await harness.stop() } }
        let findings = FindingSource.findings(inList: "CVE-1\nCVE-2\nCVE-3\nCVE-4\n")
        let report = try await harness.runner().run(findings, project: .id(1), template: .builtIn)
        #expect(report.rows.map(\.outcome.label) == ["tests_failed", "secret_found", "secret_found", "no_changes"])
        guard case .secretsFound(let tokenFindings) = report.rows[1].outcome else { return }
        #expect(tokenFindings.contains(SecretFinding(ruleID: "gitlab-pat", path: "deploy.env", line: 1)))
        #expect(report.rows[2].outcome == .secretsFound([SecretFinding(ruleID: "private-key", path: "deploy/key.pem", line: 1)]))
        #expect(report.table.contains("gitlab-pat at deploy.env:1") && report.table.contains("private-key at deploy/key.pem:1"))
        #expect(!report.hasFailures)
        for id in ["CVE-1", "CVE-2", "CVE-3", "CVE-4"] {
            #expect(try await harness.repository.tip(of: "refs/heads/fix/\(id)") == nil)
        }
        #expect(await harness.gitLab.calls(to: .createMergeRequest).isEmpty)
    }

    @Test("a run past the wall-clock or token cap is stopped and the next finding still runs", .timeLimit(.minutes(4)))
    func caps() async throws {
        let harness = try await RemediationHarness.start(script: [
            .hang,
            ModelTurn.message("spent a lot").with(usage: .init(inputTokens: 50_000, outputTokens: 10)),
            Self.fixed, .message("fixed"),
        ])
        defer { Task { await harness.stop() } }
        let findings = FindingSource.findings(inList: "SLOW-1\nGREEDY-2\nGOOD-3\n")
        let started = ContinuousClock.now
        let report = try await harness.runner(RemediationHarness.settings(timeout: .seconds(6), tokenCap: 1000))
            .run(findings, project: .id(1), template: .builtIn)
        #expect(report.rows.map(\.outcome.label) == ["timed_out", "token_cap_exceeded", "merge_request_opened"])
        #expect(report.rows[1].tokens > 1000)
        #expect(report.hasFailures)
        #expect(ContinuousClock.now - started < .seconds(120))
        #expect(try await harness.repository.tip(of: "refs/heads/fix/GOOD-3") != nil)
        #expect(try await harness.repository.tip(of: "refs/heads/fix/GREEDY-2") == nil)
    }

    @Test("the daily cap stops work and the kill-switch label stops everything", .timeLimit(.minutes(3)), arguments: TestStore.allCases)
    func guardrails(store: TestStore) async throws {
        let harness = try await RemediationHarness.start(script: [Self.fixed, .message("fixed")], store: store)
        defer { Task { await harness.stop() } }
        let findings = FindingSource.findings(inList: "A-1\nB-2\n")
        let report = try await harness.runner(RemediationHarness.settings(dailyCap: 1)).run(findings, project: .id(1), template: .builtIn)
        #expect(report.rows.map(\.outcome.label) == ["merge_request_opened", "daily_cap_reached"])

        let tomorrow = try await harness.runner(RemediationHarness.settings(dailyCap: 1), now: { Date().addingTimeInterval(86_400) })
        await harness.gitLab.addIssue(projectID: 1, iid: 99, title: "Pause the bot", labels: ["codex-paused"])
        let requests = await harness.model.requests.count
        let paused = try await tomorrow.run(findings, project: .id(1), template: .builtIn)
        #expect(paused.rows.isEmpty)
        #expect(paused.stoppedReason?.contains("codex-paused") == true && paused.stoppedReason?.contains("#99") == true)
        #expect(paused.table.contains("kill switch"))
        #expect(await harness.model.requests.count == requests)
        #expect(await harness.gitLab.calls(to: .createMergeRequest).count == 1)
    }
}
