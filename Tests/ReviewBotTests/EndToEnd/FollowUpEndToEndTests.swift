import Forge
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import ReviewBot
import Store
import Testing
import WardenTestSupport

/// Notes that mention the bot, from the webhook route to the answer in the thread, with the real codex resuming
/// real threads.
@Suite("Follow-ups end to end", .serialized)
struct FollowUpEndToEndTests {
    @Test("a mention in a bot thread resumes its Codex thread; a mention elsewhere starts one that later replies resume", arguments: TestStore.allCases)
    func mentionsResumeThreads(store: TestStore) async throws {
        let harness = try await ReviewHarness.start(
            script: [
                ReviewHarness.review(summary: ReviewHarness.firstSummary, findings: [ReviewHarness.firstFindings[0]]),
                .message("Dividing by zero raises ZeroDivisionError at import time."),
                .message("value_7 holds seven."),
                .message("value_8 holds eight, as value_7 holds seven."),
            ],
            store: store
        )
        defer { Task { await harness.stop() } }

        try await harness.application().test(.live) { client in
            func deliver(_ body: ByteBuffer, event: String = "Note Hook") async throws -> HTTPResponse.Status {
                try await client.execute(uri: "/webhooks/gitlab", method: .post, headers: ReviewHarness.headers(event: event), body: body).status
            }
            _ = try await deliver(ReviewHarness.mergeRequestEvent(action: "open", headSHA: harness.headSHA), event: "Merge Request Hook")
            try await harness.waitForJob("review-7-1-\(harness.headSHA)")

            // A reply in the bot's finding thread resumes the review's thread.
            let finding = try #require(
                try await harness.discussions().first { $0.notes.first.map { FindingFingerprint(markerIn: $0.body) != nil } ?? false }
            )
            let question = try await harness.humanReply(discussionID: finding.id, body: "@warden-bot why is this a problem?")
            #expect(
                try await deliver(ReviewHarness.noteEvent(noteID: question, text: "@warden-bot why is this a problem?", discussionID: finding.id))
                    == .accepted
            )
            try await harness.waitForJob("note-7-1-\(question)")
            var requests = await harness.modelRequests()
            try #require(requests.count == 2)
            let resumed = String(decoding: requests[1].body, as: UTF8.self)
            #expect(resumed.contains("reviewing a GitLab merge request"), "the model sees the review turn")
            #expect(resumed.contains("why is this a problem?"))
            let answered = try #require(try await harness.discussions().first { $0.id == finding.id })
            #expect(answered.notes.last?.authorID == ReviewHarness.bot.id)
            #expect(answered.notes.last?.body.contains("ZeroDivisionError") == true)
            let acknowledged = await harness.gitlab.storedNotes(projectID: 7, iid: 1).first { $0.id == question }
            #expect(acknowledged?.awardEmoji == ["eyes"])

            // A mention on the overview starts a thread of its own …
            let overview = try await harness.gitlab.addNote(
                projectID: 7,
                iid: 1,
                body: "@warden-bot what does value_7 do?",
                author: ReviewHarness.human
            )
            _ = try await deliver(
                ReviewHarness.noteEvent(noteID: overview.noteID, text: "@warden-bot what does value_7 do?", discussionID: overview.discussionID)
            )
            try await harness.waitForJob("note-7-1-\(overview.noteID)")
            requests = await harness.modelRequests()
            try #require(requests.count == 3)
            let fresh = String(decoding: requests[2].body, as: UTF8.self)
            #expect(!fresh.contains("reviewing a GitLab merge request"), "a new thread, not the review's")
            #expect(fresh.contains("what does value_7 do?"))
            #expect(
                try await harness.discussions().first { $0.id == overview.discussionID }?.notes.last?.body.contains("value_7 holds seven.") == true
            )

            // … which a later reply resumes.
            let followUp = try await harness.humanReply(discussionID: overview.discussionID, body: "@warden-bot and value_8?")
            _ = try await deliver(ReviewHarness.noteEvent(noteID: followUp, text: "@warden-bot and value_8?", discussionID: overview.discussionID))
            try await harness.waitForJob("note-7-1-\(followUp)")
            requests = await harness.modelRequests()
            try #require(requests.count == 4)
            let continued = String(decoding: requests[3].body, as: UTF8.self)
            #expect(continued.contains("what does value_7 do?") && continued.contains("value_7 holds seven."))
            #expect(continued.contains("and value_8?"))
            // The follow-ups ran in worktrees of the head, which adds an AGENTS.md, skills, config and hooks.
            harness.expectNoRepositoryInstructions(in: requests)
            #expect(requests.allSatisfy { $0.toolNames == ["exec_command", "write_stdin"] })
            #expect(
                try await harness.discussions().first { $0.id == overview.discussionID }?.notes.last?.body.contains("value_8 holds eight") == true
            )

            // Replies without the mention, and the bot's own notes, do nothing.
            let jobsBefore = try await harness.store.list(states: nil, limit: nil).count
            let thanks = try await harness.humanReply(discussionID: overview.discussionID, body: "thanks!")
            #expect(try await deliver(ReviewHarness.noteEvent(noteID: thanks, text: "thanks!", discussionID: overview.discussionID)) == .ok)
            let own = try #require(
                try await harness.discussions().first { $0.id == overview.discussionID }?.notes.first { $0.authorID == ReviewHarness.bot.id }
            )
            let ownDelivery = try await deliver(
                ReviewHarness.noteEvent(
                    noteID: own.id,
                    text: "@warden-bot " + own.body,
                    discussionID: overview.discussionID,
                    author: ReviewHarness.bot
                )
            )
            #expect(ownDelivery == .ok, "ignored")
            #expect(try await harness.store.list(states: nil, limit: nil).count == jobsBefore)
            try await Task.sleep(for: .milliseconds(300))
            #expect(await harness.modelRequests().count == 4)
        }
    }

    @Test("a follow-up whose Codex session is gone from CODEX_HOME starts a fresh thread with the merge request's context, says so, and records it")
    func missingSessionStartsFresh() async throws {
        let harness = try await ReviewHarness.start(
            script: [
                ReviewHarness.review(summary: ReviewHarness.firstSummary, findings: [ReviewHarness.firstFindings[0]]),
                .message("Dividing by zero raises ZeroDivisionError."),
            ]
        )
        defer { Task { await harness.stop() } }

        try await harness.application().test(.live) { client in
            func deliver(_ body: ByteBuffer, event: String = "Note Hook") async throws -> HTTPResponse.Status {
                try await client.execute(uri: "/webhooks/gitlab", method: .post, headers: ReviewHarness.headers(event: event), body: body).status
            }
            _ = try await deliver(ReviewHarness.mergeRequestEvent(action: "open", headSHA: harness.headSHA), event: "Merge Request Hook")
            try await harness.waitForJob("review-7-1-\(harness.headSHA)")
            let finding = try #require(
                try await harness.discussions().first { $0.notes.first.map { FindingFingerprint(markerIn: $0.body) != nil } ?? false }
            )
            let reviewThread = try #require(try await harness.store.codexThread(forDiscussion: finding.id))

            // The replica answering has no session files: another replica wrote them, without a shared CODEX_HOME.
            try FileManager.default.removeItem(atPath: harness.home.codexHome + "/sessions")
            let question = try await harness.humanReply(discussionID: finding.id, body: "@warden-bot why is this a problem?")
            #expect(
                try await deliver(ReviewHarness.noteEvent(noteID: question, text: "@warden-bot why is this a problem?", discussionID: finding.id))
                    == .accepted
            )
            try await harness.waitForJob("note-7-1-\(question)")

            let requests = await harness.modelRequests()
            try #require(requests.count == 2, "the failed resume reached no model")
            let fresh = String(decoding: requests[1].body, as: UTF8.self)
            #expect(!fresh.contains("reviewing a GitLab merge request"), "a new thread, not the review's")
            #expect(fresh.contains("Add the canary value") && fresh.contains(harness.headSHA), "the merge request's context")
            #expect(fresh.contains("why is this a problem?"))
            let answer = try #require(try await harness.discussions().first { $0.id == finding.id }?.notes.last)
            #expect(answer.authorID == ReviewHarness.bot.id)
            #expect(answer.body.contains("I could not resume our earlier conversation in this thread"))
            #expect(answer.body.contains("ZeroDivisionError"))
            let recorded = try #require(try await harness.store.codexThread(forDiscussion: finding.id))
            #expect(recorded != reviewThread, "the discussion now resumes the fresh thread")
        }
    }
}
