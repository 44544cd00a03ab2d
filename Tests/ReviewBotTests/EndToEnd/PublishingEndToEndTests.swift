import Codex
import Forge
import Foundation
import ReviewBot
import Store
import Testing
import WardenCore
import WardenTestSupport

/// The two publish modes and GitLab refusing a position, with the real codex and the rule-enforcing fake GitLab.
@Suite("Review publishing end to end", .serialized)
struct PublishingEndToEndTests {
    static func runReview(_ harness: ReviewHarness, forge: (any ForgeClient)? = nil, settings: ReviewSettings) async throws -> ReviewReport {
        try await MergeRequestReviewer(dependencies: try harness.dependencies(forge: forge, settings: settings))
            .review(MergeRequestReviewer.Request(projectID: 7, iid: 1))
    }

    @Test("batch mode posts drafts and publishes them at once, and maps every thread to the review's Codex thread")
    func batchMode() async throws {
        let harness = try await ReviewHarness.start(script: [
            ReviewHarness.review(summary: ReviewHarness.firstSummary, findings: ReviewHarness.firstFindings)
        ])
        defer { Task { await harness.stop() } }

        let report = try await Self.runReview(harness, settings: ReviewSettings(publishMode: .batch))
        #expect(await harness.gitlab.calls(to: .createDraftNote).count == 3)
        #expect(await harness.gitlab.calls(to: .publishDraftNotes).count == 1)
        #expect(await harness.gitlab.calls(to: .createDiscussion).isEmpty)
        #expect(await harness.gitlab.draftNoteCount(projectID: 7, iid: 1) == 0)
        #expect(try await harness.findingNotes().count == 3)
        #expect(report.postedDiscussionIDs.count == 3)
        for id in report.postedDiscussionIDs {
            #expect(try await harness.store.codexThread(forDiscussion: id) == report.threadID?.rawValue)
        }
    }

    @Test("a batch run deletes a stale finding draft; stopped before bulk_publish, its retry reuses its drafts and publishes each finding once")
    func batchRetryAfterUnpublishedDrafts() async throws {
        let review = ReviewHarness.review(summary: ReviewHarness.firstSummary, findings: ReviewHarness.firstFindings)
        let harness = try await ReviewHarness.start(script: [review, review])
        defer { Task { await harness.stop() } }
        let forge = harness.forge()
        let project = ProjectRef.id(7)
        // A draft of a finding no longer reported (an earlier head's run that also never published), and a
        // draft of the bot's without a finding marker, which is not Warden's to touch.
        let stale = try #require(FindingFingerprint(value: "00000000deadbeef"))
        let staleDraft = try await forge.createDraftNote(project, iid: 1, body: stale.marker + "\nAn old finding", position: nil, inReplyToDiscussionID: nil)
        _ = try await forge.createDraftNote(project, iid: 1, body: "A note the bot's owner is writing", position: nil, inReplyToDiscussionID: nil)

        // The first run gives up on a 500 from bulk_publish (a client that does not retry, like a run killed there).
        await harness.gitlab.failNext(1, .publishDraftNotes, with: .serverError(status: 500))
        let giveUp = GitLabClient(
            baseURL: harness.gitlabURL,
            token: Secret(ReviewHarness.token),
            retryPolicy: RetryPolicy(maximumAttempts: 1),
            logger: harness.logger
        )
        await #expect(throws: ForgeError.self) {
            _ = try await Self.runReview(harness, forge: giveUp, settings: ReviewSettings(publishMode: .batch))
        }
        #expect(await harness.gitlab.draftNoteCount(projectID: 7, iid: 1) == 4, "three findings beside the bot's own draft; the stale one deleted")

        let report = try await Self.runReview(harness, settings: ReviewSettings(publishMode: .batch))
        #expect(await harness.gitlab.calls(to: .createDraftNote).count == 2 + 3, "the retry created no draft")
        #expect(await harness.gitlab.calls(to: .deleteDraftNote).map(\.path) == ["/api/v4/projects/7/merge_requests/1/draft_notes/\(staleDraft.id)"])
        let findings = try await harness.findingNotes()
        #expect(findings.count == 3, "each finding published once")
        #expect(Set(findings.compactMap { FindingFingerprint(markerIn: $0.body) }).count == 3)
        #expect(!findings.contains { $0.body.contains("An old finding") })
        #expect(report.postedDiscussionIDs.count == 3)
    }

    @Test("a position GitLab still refuses moves the finding into the summary, and the cap and threshold apply")
    func refusedPositionAndSelection() async throws {
        let harness = try await ReviewHarness.start(script: [
            ReviewHarness.review(summary: ReviewHarness.firstSummary, findings: ReviewHarness.firstFindings)
        ])
        defer { Task { await harness.stop() } }

        // Threshold 0.75 drops "Removed value five" (0.7); the cap of 2 keeps the two most urgent of the rest.
        let report = try await Self.runReview(
            harness,
            forge: InterceptingForge.refusingPosition(harness.forge(), at: 1),
            settings: ReviewSettings(minimumConfidence: 0.75, maximumFindings: 2)
        )
        let plan = try #require(report.plan)
        #expect(plan.inlineComments.map(\.finding.title) == ["Context line four"])
        #expect(plan.unanchoredFindings.map(\.finding.title) == ["Division by zero"])
        #expect(plan.leftOutCount == 2)
        let status = try await harness.statusNotes()
        try #require(status.count == 1)
        #expect(status[0].body.contains("`src/app.py:7`"))
        #expect(try await harness.findingNotes().count == 1)
    }
}
