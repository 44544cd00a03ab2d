import Forge
import Foundation
import Git
import HTTPTypes
import HummingbirdTesting
import ReviewBot
import Store
import Testing
import WardenCore
import WardenTestSupport

/// Webhook to published review, for real: the webhook route of a running server, the worker as a service beside
/// it, GitLab (fake, rule-enforcing), git over HTTP with the bot's token, and the real codex against a scripted
/// model. Serialized: every test runs the 300 MB codex binary on a small machine.
@Suite("Review end to end", .serialized)
struct ReviewEndToEndTests {
    @Test("an opened merge request gets one status note with the summary and threads on exactly the named lines", arguments: TestStore.allCases)
    func openedMergeRequest(store: TestStore) async throws {
        let harness = try await ReviewHarness.start(
            script: [
                .exec("env"),
                ReviewHarness.review(summary: ReviewHarness.firstSummary, findings: ReviewHarness.firstFindings),
            ],
            store: store
        )
        defer { Task { await harness.stop() } }

        try await harness.application().test(.live) { client in
            let response = try await client.execute(
                uri: "/webhooks/gitlab",
                method: .post,
                headers: ReviewHarness.headers(event: "Merge Request Hook"),
                body: ReviewHarness.mergeRequestEvent(action: "open", headSHA: harness.headSHA)
            )
            #expect(response.status == .accepted)
            try await harness.waitForJob("review-7-1-\(harness.headSHA)")
        }

        let status = try await harness.statusNotes()
        try #require(status.count == 1)
        #expect(status[0].body.contains("summary-canary-55d1"))
        #expect(status[0].body.contains("`src/other.py:3`"))
        #expect(status[0].body.contains("Elsewhere entirely"))
        #expect(StatusMarker(markerIn: status[0].body)?.reviewedSHA == harness.headSHA)

        let threads = try await harness.findingNotes()
        let positions = Set(threads.compactMap(\.position).map { Line(path: $0.newPath, old: $0.oldLine, new: $0.newLine) })
        #expect(
            positions == [
                Line(path: "src/app.py", old: nil, new: 7), Line(path: "src/app.py", old: 4, new: 4), Line(path: "src/app.py", old: 5, new: nil),
            ]
        )
        #expect(threads.allSatisfy { $0.position?.headSHA == harness.headSHA && $0.position?.baseSHA == harness.baseSHA })

        let requests = await harness.modelRequests()
        try #require(requests.count == 2)
        let prompt = String(decoding: requests[0].body, as: UTF8.self)
        #expect(prompt.contains("TARGET-INSTRUCTIONS"))
        #expect(!prompt.contains("SOURCE-INSTRUCTIONS"))
        #expect(prompt.contains("git diff \(harness.baseSHA)..\(harness.headSHA)"))
        harness.expectNoRepositoryInstructions(in: requests)
        #expect(requests.allSatisfy { $0.toolNames == ["exec_command", "write_stdin"] })
        let environment = harness.model.toolOutputs(in: requests[1]).joined()
        #expect(environment.contains("PATH="), "the model ran `env`")
        #expect(!environment.contains(ReviewHarness.token))
        #expect(!environment.contains(ReviewHarness.webhookSecret))

        let review = try #require(try await harness.store.latest(forge: .gitlab, projectID: 7, mergeRequestIID: 1))
        #expect(review.state == .posted)
        #expect(review.statusNoteID == status[0].id)
        #expect(review.codexThreadID != nil)
        #expect(review.inputTokens > 0)
        #expect(review.findings == ReviewHarness.firstFindings.count, "three inline and one in the status note")
        for note in threads {
            let discussion = try #require(try await harness.discussions().first { $0.notes.first?.id == note.id })
            #expect(try await harness.store.codexThread(forDiscussion: discussion.id) == review.codexThreadID)
        }

        let token = Data(ReviewHarness.token.utf8)
        let leaking = harness.data.allFiles().filter { $0.bytes.range(of: token) != nil }.map(\.path)
        #expect(leaking.isEmpty, "files holding the token: \(leaking)")
        // The review's worktree went back to the project's pool: kept for the next job, owned by no one.
        #expect(FileManager.default.fileExists(atPath: harness.cache.worktreesDirectory + "/pool-7-0/.git"))
        #expect(!FileManager.default.fileExists(atPath: harness.data.path + "/worktree-owners/pool-7-0"))

        let database = try harness.storage.contents()
        #expect(!database.isEmpty)
        #expect(database.contains { $0.range(of: Data(harness.headSHA.utf8)) != nil }, "the scan sees the store's rows")
        for canary in [
            ReviewHarness.diffCanary, ReviewHarness.descriptionCanary, "summary-canary-55d1", "Why Division by zero matters", "TARGET-INSTRUCTIONS",
        ] {
            let bytes = Data(canary.utf8)
            #expect(database.allSatisfy { $0.range(of: bytes) == nil }, "the database holds \(canary)")
        }
    }

    @Test("review instructions come from the default branch, not from the merge request's head or its own target branch")
    func instructionsFromDefaultBranch() async throws {
        let harness = try await ReviewHarness.start(script: [ReviewHarness.review(summary: "Nothing to add.", findings: [])], targetBranch: "release")
        defer { Task { await harness.stop() } }

        try await harness.deliverOpenedAndWait()

        let requests = await harness.modelRequests()
        try #require(requests.count == 1)
        let prompt = String(decoding: requests[0].body, as: UTF8.self)
        #expect(prompt.contains("TARGET-INSTRUCTIONS"), "the default branch's .warden/review.md")
        #expect(!prompt.contains("TARGET-BRANCH-INSTRUCTIONS"), "not the author's target branch's")
        #expect(!prompt.contains("SOURCE-INSTRUCTIONS"), "not the head's")
        harness.expectNoRepositoryInstructions(in: requests)
    }

    @Test("a push reviews only the new commits, names them to the model and does not repost a finding")
    func pushReviewsNewCommits() async throws {
        let harness = try await ReviewHarness.start(script: [
            ReviewHarness.review(summary: ReviewHarness.firstSummary, findings: ReviewHarness.firstFindings),
            ReviewHarness.review(
                summary: "The second commit adds an import.",
                findings: [ReviewHarness.firstFindings[0], ReviewHarness.Finding(title: "Unused import", line: 11)]
            ),
        ])
        defer { Task { await harness.stop() } }

        try await harness.application().test(.live) { client in
            try await client.execute(
                uri: "/webhooks/gitlab",
                method: .post,
                headers: ReviewHarness.headers(event: "Merge Request Hook"),
                body: ReviewHarness.mergeRequestEvent(action: "open", headSHA: harness.headSHA)
            )
            try await harness.waitForJob("review-7-1-\(harness.headSHA)")

            let second = try await harness.repository.commit(
                on: "feature",
                files: ["src/app.py": ReviewHarness.headFile + "import os\n"],
                message: "second"
            )
            try await harness.repository.setRef("refs/merge-requests/1/head", to: second)
            _ = try await harness.gitlab.refresh(projectID: 7, iid: 1)
            let response = try await client.execute(
                uri: "/webhooks/gitlab",
                method: .post,
                headers: ReviewHarness.headers(event: "Merge Request Hook"),
                body: ReviewHarness.mergeRequestEvent(action: "update", headSHA: second, oldrev: harness.headSHA)
            )
            #expect(response.status == .accepted)
            try await harness.waitForJob("review-7-1-\(second)")

            let requests = await harness.modelRequests()
            try #require(requests.count == 2)
            let prompt = String(decoding: requests[1].body, as: UTF8.self)
            #expect(prompt.contains("git diff \(harness.headSHA)..\(second)"))
            #expect(prompt.contains("Division by zero"), "already posted findings are listed")

            let titles = try await harness.findingNotes().map(\.body)
            #expect(titles.filter { $0.contains("Division by zero") }.count == 1)
            #expect(titles.filter { $0.contains("Unused import") }.count == 1)
            #expect(titles.count == 4)
            let status = try await harness.statusNotes()
            try #require(status.count == 1)
            #expect(StatusMarker(markerIn: status[0].body)?.reviewedSHA == second)
            #expect(status[0].body.contains("already posted"))
        }
    }
}

/// A diff line an inline thread sits on.
struct Line: Hashable {
    var path: String
    var old: Int?
    var new: Int?
}
