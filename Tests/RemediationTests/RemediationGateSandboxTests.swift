import Forge
import Foundation
import Remediation
import Testing
import WardenTestSupport

@Suite("The remediation gate runs a hostile test command the model wrote in a sandbox", .serialized)
struct RemediationGateSandboxTests {
    @Test(
        "the model's ci/test.sh reads no auth.json, poisons no cache configuration, reaches no listener, leaves no process; the push goes to GitLab",
        .timeLimit(.minutes(4))
    )
    func hostileTestScript() async throws {
        let attacker = try await ConnectionRecorder.start()
        defer { Task { await attacker.stop() } }
        // The git server's URL is only known once it runs: the script is set after the harness starts.
        let harness = try await RemediationHarness.start(script: [])
        defer { Task { await harness.stop() } }
        let canary = "sk-canary-\(UUID().uuidString)"
        try Data("{\"OPENAI_API_KEY\": \"\(canary)\"}\n".utf8).write(to: URL(fileURLWithPath: harness.home.codexHome + "/auth.json"))
        let gitURL = try await harness.gitServer.url(for: "acme/app.git")
        let base = String(gitURL.prefix(upTo: try #require(gitURL.range(of: "acme/")).lowerBound))
        let cacheConfig = harness.data.path + "/cache/repos/\(RemediationHarness.projectID).git/config"
        let passing = HostileTestScript(
            canaryPath: harness.home.codexHome + "/auth.json", cacheConfigPath: cacheConfig, rewrittenURL: base, attackerPort: attacker.port, exitStatus: 0
        )
        let failing = HostileTestScript(
            canaryPath: harness.home.codexHome + "/auth.json", cacheConfigPath: cacheConfig, rewrittenURL: base, attackerPort: attacker.port, exitStatus: 3
        )
        await harness.model.setScript([
            RemediationHarness.addFile("ci/test.sh", passing.lines), .message("added a test"),
            RemediationHarness.addFile("ci/test.sh", failing.lines), .message("added a test"),
        ])
        let runner = try await harness.runner(RemediationHarness.settings(testCommand: ["sh", "ci/test.sh"]))
        let report = try await runner.run(FindingSource.findings(inList: "PASS-1\nFAIL-2\n"), project: .id(1), template: .builtIn)
        let survivors = await ProcessTable.survivors(withArgumentContaining: passing.marker) + ProcessTable.survivors(withArgumentContaining: failing.marker)
        ProcessTable.kill(withArgumentContaining: passing.marker)
        ProcessTable.kill(withArgumentContaining: failing.marker)

        #expect(report.rows.map(\.outcome.label) == ["merge_request_opened", "tests_failed"], "\(report.table)")
        #expect(report.rows.last?.outcome.detail.contains("exit status 3") == true, "\(report.table)")
        #expect(report.warnings.isEmpty)
        let found = try #require(try await harness.repository.contents(of: "found.txt", at: "refs/heads/fix/PASS-1"))
        #expect(found.contains("search:") && found.contains("network:"), "\(found)")
        #expect(!found.contains(canary), "\(found)")
        let config = try String(contentsOfFile: cacheConfig, encoding: .utf8)
        #expect(!config.lowercased().contains("insteadof") && !config.contains(String(attacker.port)), "\(config)")
        #expect(attacker.connections == 0)
        #expect(survivors.isEmpty, "left running: \(survivors)")
    }

    @Test("without a sandbox the gate refuses to run unless unsandboxed tests are allowed, and then the report says so", .timeLimit(.minutes(2)))
    func noSandbox() async throws {
        let harness = try await RemediationHarness.start(script: [])
        defer { Task { await harness.stop() } }
        let missing = TestSandbox.unavailable(reason: "user namespaces are not permitted")
        let findings = FindingSource.findings(inList: "A-1\n")

        let refused = try await harness.runner(sandbox: missing).run(findings, project: .id(1), template: .builtIn)
        #expect(refused.rows.isEmpty)
        #expect(refused.stoppedReason?.contains("cannot be sandboxed (user namespaces are not permitted)") == true)
        #expect(refused.stoppedReason?.contains("remediate.unsandboxed_tests") == true)

        let allowed = try await harness.runner(RemediationHarness.settings(unsandboxedTests: true), sandbox: missing)
            .run(findings, project: .id(1), template: .builtIn, dryRun: true)
        #expect(allowed.rows.map(\.outcome) == [.wouldRun])
        #expect(allowed.warnings.count == 1 && allowed.warnings[0].contains("WITHOUT a sandbox"))
        #expect(allowed.table.hasPrefix("WARNING: the test command runs WITHOUT a sandbox"))
        #expect(allowed.json.contains("\"warnings\" : ["))
        #expect(await harness.model.requests.isEmpty)
    }
}
