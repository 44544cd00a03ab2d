import Foundation
import Testing
import WardenTestSupport

/// `warden review <MR URL>`: the built binary against the fake GitLab, git over HTTP and the real codex.
@Suite("warden review end to end", .serialized)
struct ReviewCommandEndToEndTests {
    static func environment(_ harness: ReviewHarness) throws -> [String: String] {
        [
            "WARDEN_DATA_DIR": harness.data.path,
            "WARDEN_LOG_FORMAT": "text",
            "WARDEN_LOG_LEVEL": "warning",
            "WARDEN_GITLAB_URL": harness.gitlabURL,
            "WARDEN_GITLAB_TOKEN": ReviewHarness.token,
            "WARDEN_BOT_USERNAME": ReviewHarness.bot.username,
            "WARDEN_BOT_USER_ID": "\(ReviewHarness.bot.id)",
            "WARDEN_CODEX_BIN": try CodexBinary.path(),
            "WARDEN_CODEX_HOME": harness.home.codexHome,
            "OPENAI_API_KEY": harness.home.apiKey,
        ]
    }

    @Test("--dry-run prints the review and posts nothing; a real run posts it; both exit 1 for findings")
    func reviewCommand() async throws {
        let answer = ReviewHarness.review(summary: ReviewHarness.firstSummary, findings: ReviewHarness.firstFindings)
        let harness = try await ReviewHarness.start(script: [answer, answer])
        defer { Task { await harness.stop() } }
        let url = harness.gitlabURL + "/acme/app/-/merge_requests/1"
        let environment = try Self.environment(harness)

        let dry = try await WardenCommandLineTests.warden(["review", url, "--dry-run"], environment: environment)
        #expect(dry.status == 1, "stderr: \(dry.error)")
        #expect(dry.output.contains("dry run"))
        #expect(dry.output.contains("src/app.py:7 — Division by zero"))
        #expect(dry.output.contains("summary-canary-55d1"))
        #expect(await harness.gitlab.storedNotes(projectID: 7, iid: 1).isEmpty)

        let real = try await WardenCommandLineTests.warden(["review", url], environment: environment)
        #expect(real.status == 1, "stderr: \(real.error)")
        #expect(real.output.contains("Status note: "))
        #expect(try await harness.statusNotes().count == 1)
        #expect(try await harness.findingNotes().count == 3)

        let bad = try await WardenCommandLineTests.warden(["review", harness.gitlabURL + "/acme/app/-/issues/1"], environment: environment)
        #expect(bad.status != 0 && bad.status != 1)
    }
}
