import Foundation
import Testing
import WardenTestSupport

/// `warden serve --role`: a receiver-only and a worker-only replica on one store split the work.
@Suite("warden serve --role", .serialized)
struct ServeRolesTests {
    @Test("a receiver stores the delivery and runs no Codex; a worker without a webhook route or secret reviews it")
    func receiverAndWorker() async throws {
        let answer = ReviewHarness.review(summary: ReviewHarness.firstSummary, findings: ReviewHarness.firstFindings)
        let harness = try await ReviewHarness.start(script: [answer])
        defer { Task { await harness.stop() } }

        let receiver = try await ServeStartupTests.Serve.start(harness, arguments: ["--role", "receiver"], environment: [:], name: "receiver")
        defer { receiver.stop() }
        #expect(try await receiver.deliverOpened(headSHA: harness.headSHA) == 202)
        try await Task.sleep(for: .milliseconds(500))
        #expect(try await harness.statusNotes().isEmpty)
        #expect(await harness.model.requests.isEmpty, "a receiver ran Codex")

        let worker = try await ServeStartupTests.Serve.start(
            harness, arguments: ["--role", "worker"], environment: ["WARDEN_GITLAB_WEBHOOK_SECRET": ""], name: "worker"
        )
        defer { worker.stop() }
        #expect(try await worker.deliverOpened(headSHA: harness.headSHA) == 404)
        #expect(try await worker.get("/healthz") == 200)
        try await harness.waitForJob("review-7-1-\(harness.headSHA)")
        #expect(try await harness.statusNotes().count == 1)
    }

    @Test("an unknown role is a usage error")
    func unknownRole() async throws {
        let outcome = try await WardenCommandLineTests.warden(["serve", "--role", "everything"])
        #expect(outcome.status == 64)
        #expect(outcome.error.contains("--role"))
    }
}
