import Forge
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import ReviewBot
import Store
import Testing
import WardenCore
import WardenTestSupport

/// The run ledger with the real codex: a review and a follow-up record exactly the tokens the scripted model server
/// reported, by system, project and merge request, and `review.show_usage` puts the figures in the status note.
@Suite("Usage end to end", .serialized)
struct UsageEndToEndTests {
    static let reviewUsage = ModelTurn.Usage(inputTokens: 1_234, cachedInputTokens: 200, outputTokens: 56, reasoningOutputTokens: 12)
    static let followUpUsage = ModelTurn.Usage(inputTokens: 789, cachedInputTokens: 100, outputTokens: 34, reasoningOutputTokens: 5)

    @Test("a review and a follow-up are recorded with the model server's usage", arguments: TestStore.allCases)
    func reviewAndFollowUp(store: TestStore) async throws {
        let harness = try await ReviewHarness.start(
            script: [
                ReviewHarness.review(summary: ReviewHarness.firstSummary, findings: [ReviewHarness.firstFindings[0]]).with(usage: Self.reviewUsage),
                ModelTurn.message("Dividing by zero raises ZeroDivisionError.").with(usage: Self.followUpUsage),
            ],
            store: store
        )
        defer { Task { await harness.stop() } }
        let started = Date()

        try await harness.application(settings: ReviewSettings(showUsage: true)).test(.live) { client in
            func deliver(_ body: ByteBuffer, event: String) async throws -> HTTPResponse.Status {
                try await client.execute(uri: "/webhooks/gitlab", method: .post, headers: ReviewHarness.headers(event: event), body: body).status
            }
            _ = try await deliver(ReviewHarness.mergeRequestEvent(action: "open", headSHA: harness.headSHA), event: "Merge Request Hook")
            try await harness.waitForJob("review-7-1-\(harness.headSHA)")
            let finding = try #require(
                try await harness.discussions().first { $0.notes.first.map { FindingFingerprint(markerIn: $0.body) != nil } ?? false }
            )
            let question = try await harness.humanReply(discussionID: finding.id, body: "@warden-bot why?")
            _ = try await deliver(ReviewHarness.noteEvent(noteID: question, text: "@warden-bot why?", discussionID: finding.id), event: "Note Hook")
            try await harness.waitForJob("note-7-1-\(question)")
        }

        let runs = try await harness.store.runs(since: started.addingTimeInterval(-1))
        try #require(runs.count == 2, "\(runs)")
        #expect(runs.map(\.system) == [.review, .followup])
        #expect(runs.allSatisfy { $0.projectID == 7 && $0.reference == "!1" && $0.model == "gpt-5.5" && $0.outcome == CodexRun.completed })
        #expect(runs[0].tokens == Self.tokens(Self.reviewUsage))
        #expect(runs[1].tokens == Self.tokens(Self.followUpUsage), "the follow-up's own tokens, not the thread's running total")
        #expect(runs.allSatisfy { $0.durationSeconds > 0 })

        // The review's record agrees with the ledger.
        let review = try #require(try await harness.store.latest(forge: .gitlab, projectID: 7, mergeRequestIID: 1))
        #expect(review.inputTokens == Int64(Self.reviewUsage.inputTokens))

        let status = try #require(try await harness.statusNotes().first)
        #expect(status.body.contains("1290 tokens (1234 input, 200 cached, 56 output, 12 reasoning)"), "\(status.body)")
        #expect(!status.body.contains("$"), "no price configured: no cost")
    }

    static func tokens(_ usage: ModelTurn.Usage) -> RunTokens {
        RunTokens(
            input: Int64(usage.inputTokens),
            cachedInput: Int64(usage.cachedInputTokens),
            output: Int64(usage.outputTokens),
            reasoning: Int64(usage.reasoningOutputTokens)
        )
    }
}
