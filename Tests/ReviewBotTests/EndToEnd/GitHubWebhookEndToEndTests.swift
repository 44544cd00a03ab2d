import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Store
import Testing
import WardenCore

@testable import ReviewBot
@testable import WardenTestSupport

/// GitHub deliveries through `warden serve`'s application: the signed `/webhooks/github` route, the durable queue and
/// a worker that runs GitHub jobs through the same pipeline as GitLab's.
@Suite("GitHub webhooks end to end", .serialized)
struct GitHubWebhookEndToEndTests {
    /// A real GitHub payload (from the reference fixtures) pointed at the harness's repository and pull request.
    static func payload(_ fixture: String, _ edit: (inout [String: Any]) -> Void) throws -> Data {
        var object = try #require(try JSONSerialization.jsonObject(with: SharedFixtures.data("github/\(fixture)")) as? [String: Any])
        var repository = object["repository"] as? [String: Any] ?? [:]
        repository["id"] = GitHubReviewHarness.repositoryID
        repository["full_name"] = GitHubReviewHarness.fullName
        repository["name"] = "app"
        object["repository"] = repository
        object["installation"] = ["id": GitHubReviewHarness.installationID]
        var pull = object["pull_request"] as? [String: Any] ?? [:]
        pull["number"] = GitHubReviewHarness.number
        object["pull_request"] = pull
        edit(&object)
        return try JSONSerialization.data(withJSONObject: object)
    }

    static func opened(head: String) throws -> Data {
        try payload("pull_request_opened.json") { object in
            object["number"] = GitHubReviewHarness.number
            var pull = object["pull_request"] as? [String: Any] ?? [:]
            var headRef = pull["head"] as? [String: Any] ?? [:]
            headRef["sha"] = head
            pull["head"] = headRef
            pull["draft"] = false
            pull["state"] = "open"
            object["pull_request"] = pull
        }
    }

    static func reviewComment(id: Int, body: String, inReplyTo: Int, login: String) throws -> Data {
        try payload("pull_request_review_comment_created.json") { object in
            var comment = object["comment"] as? [String: Any] ?? [:]
            comment["id"] = id
            comment["body"] = body
            comment["in_reply_to_id"] = inReplyTo
            comment["user"] = ["login": login, "id": 100, "type": "User"]
            object["comment"] = comment
            object["sender"] = ["login": login, "id": 100, "type": "User"]
        }
    }

    func application(_ harness: GitHubReviewHarness, wakeUp: QueueWakeUp) throws -> any ApplicationProtocol {
        ReviewBotServer.buildApplication(
            settings: ReviewBotServer.Settings(
                host: "127.0.0.1", port: 0, webhook: nil,
                githubWebhook: GitHubWebhookReceiver.Settings(
                    webhookSecret: Secret(GitHubReviewHarness.webhookSecret), maxBodyBytes: 1 << 20, botLogin: GitHubReviewHarness.botLogin
                ),
                sandboxMode: .default
            ),
            store: harness.store,
            services: [
                ReviewWorker(
                    queue: harness.store, dependencies: try harness.baseDependencies(),
                    settings: ReviewWorker.Settings(name: "worker-1", lease: .seconds(30), pollInterval: .seconds(3600)), wakeUp: wakeUp
                )
            ],
            queueWakeUp: wakeUp,
            logger: harness.logger
        )
    }

    func waitForJob(_ harness: GitHubReviewHarness, _ id: String) async throws -> JobRecord {
        let deadline = ContinuousClock.now + .seconds(180)
        while ContinuousClock.now < deadline {
            if let job = try await harness.store.list(states: nil, limit: nil).first(where: { $0.id == id }), [.done, .dead].contains(job.state) {
                return job
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw CancellationError()
    }

    @Test("opened → one review; a redelivery is a no-op; a wrong signature is 401; a reply mentioning the bot is answered in its thread")
    func deliveries() async throws {
        let harness = try await GitHubReviewHarness.start(
            script: [
                ReviewHarness.review(summary: ReviewHarness.firstSummary, findings: [ReviewHarness.firstFindings[0]]),
                .message("Dividing by zero raises ZeroDivisionError at import time."),
            ]
        )
        defer { Task { await harness.stop() } }
        try await application(harness, wakeUp: QueueWakeUp()).test(.live) { client in
            func deliver(_ event: String, _ body: Data, delivery: String, secret: String = GitHubReviewHarness.webhookSecret) async throws -> HTTPResponse.Status {
                let signed = harness.github.delivery(event: event, payload: try #require(ScriptedJSON.parse(body)), deliveryID: delivery, secret: secret)
                var headers = HTTPFields()
                for (name, value) in signed.headers { headers[try #require(HTTPField.Name(name))] = value }
                return try await client.execute(uri: "/webhooks/github", method: .post, headers: headers, body: ByteBuffer(bytes: signed.body)).status
            }
            let opened = try Self.opened(head: harness.headSHA)
            let status1 = try await deliver("pull_request", opened, delivery: "d-1", secret: "not-the-secret-at-all")
            #expect(status1 == .unauthorized)
            let status2 = try await deliver("pull_request", opened, delivery: "d-1")
            #expect(status2 == .accepted)
            let reviewJob = "review-github-\(GitHubReviewHarness.repositoryID)-1-\(harness.headSHA)"
            let job = try await waitForJob(harness, reviewJob)
            #expect(job.state == .done && job.forge == .github && job.repository == GitHubReviewHarness.fullName)
            #expect(await harness.reviews().count == 1)
            let status3 = try await deliver("pull_request", opened, delivery: "d-1")
            #expect(status3 == .ok, "the head is reviewed already: acknowledged, ignored")
            let jobs = try await harness.store.list(states: nil, limit: nil)
            #expect(jobs.count == 1, "the redelivery queued nothing")

            let top = try #require(await harness.reviewComments().first)
            let question = await harness.github.addComment(
                repository: GitHubReviewHarness.fullName, number: 1, body: "@warden-bot why is this a problem?",
                authorLogin: GitHubReviewHarness.human, inReplyTo: top.id
            )
            let mention = try Self.reviewComment(id: question, body: "@warden-bot why is this a problem?", inReplyTo: top.id, login: GitHubReviewHarness.human)
            let status4 = try await deliver("pull_request_review_comment", mention, delivery: "d-2")
            #expect(status4 == .accepted)
            let note = try await waitForJob(harness, "note-github-\(GitHubReviewHarness.repositoryID)-1-\(question)")
            #expect(note.state == .done, "\(note.lastError ?? "")")
            let thread = await harness.reviewComments().filter { $0.inReplyToID == top.id }
            #expect(thread.last?.authorLogin == GitHubReviewHarness.botLogin && thread.last?.body.contains("ZeroDivisionError") == true)
        }
        #expect(await harness.reviews().count == 1)
        #expect(await harness.modelRequests().count == 2)
    }
}
