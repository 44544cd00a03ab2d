import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import NIOFoundationCompat
import ReviewBot
import Store
import Testing
import WardenCore
import WardenTestSupport

/// `POST /webhooks/gitlab` over HTTP, against the real SQLite store.
@Suite("GitLab webhook receiver")
struct GitLabWebhookReceiverTests {
    static let secret = "s3cret-webhook-token"

    /// A server over a fresh store in its own data directory.
    struct Harness {
        let directory: TestDataDirectory
        let store: SQLiteStore
        let app: any ApplicationProtocol

        init(maxBodyBytes: Int = 26_214_400) throws {
            directory = try TestDataDirectory()
            store = try SQLiteStore.open(dataDirectory: directory.path)
            let settings = ReviewBotServer.Settings(
                host: "127.0.0.1",
                port: 0,
                webhook: .init(
                    webhookSecret: Secret(GitLabWebhookReceiverTests.secret),
                    maxBodyBytes: maxBodyBytes,
                    classifier: ClassifierSettings(botUsername: "warden-bot", botUserID: 4242)
                ),
                sandboxMode: .readOnly
            )
            app = ReviewBotServer.buildApplication(settings: settings, store: store, logger: Logger(label: "test"))
        }

        func jobs() async throws -> [JobRecord] {
            try await store.list(states: nil, limit: nil)
        }
    }

    static func headers(event: String = "Merge Request Hook", token: String? = secret, idempotencyKey: String? = nil) -> HTTPFields {
        var fields: HTTPFields = [.contentType: "application/json", HTTPField.Name("X-Gitlab-Event")!: event]
        if let token { fields[HTTPField.Name("X-Gitlab-Token")!] = token }
        if let idempotencyKey { fields[HTTPField.Name("Idempotency-Key")!] = idempotencyKey }
        return fields
    }

    static func mergeRequestOpen() throws -> ByteBuffer {
        ByteBuffer(data: try SharedFixtures.data("gitlab/mr_open_docs_derived.json"))
    }

    @Test("a missing or wrong token is refused with 401 and a short JSON error, and nothing is stored", arguments: [nil, "wrong", ""])
    func refusesBadToken(token: String?) async throws {
        let harness = try Harness()
        defer { harness.directory.remove() }
        try await harness.app.test(.router) { client in
            try await client.execute(uri: "/webhooks/gitlab", method: .post, headers: Self.headers(token: token), body: try Self.mergeRequestOpen()) {
                #expect($0.status == .unauthorized)
                #expect(String(buffer: $0.body) == #"{"error":"unauthorized"}"#)
            }
        }
        #expect(try await harness.jobs().isEmpty)
    }

    @Test("an oversized body is refused with 413, whether declared or streamed")
    func refusesOversizedBody() async throws {
        let harness = try Harness(maxBodyBytes: 1024)
        defer { harness.directory.remove() }
        let big = ByteBuffer(string: #"{"object_kind":"merge_request","pad":""# + String(repeating: "x", count: 4096) + #""}"#)
        try await harness.app.test(.router) { client in
            try await client.execute(uri: "/webhooks/gitlab", method: .post, headers: Self.headers(), body: big) {
                #expect($0.status == .contentTooLarge)
            }
        }
        try await harness.app.test(.live) { client in
            try await client.execute(uri: "/webhooks/gitlab", method: .post, headers: Self.headers(), body: big) {
                #expect($0.status == .contentTooLarge)
            }
        }
        #expect(try await harness.jobs().isEmpty)
    }

    @Test("a malformed body is refused with 400 and the reason", arguments: ["{not json", "", "[1,2,3]"])
    func refusesMalformedBody(body: String) async throws {
        let harness = try Harness()
        defer { harness.directory.remove() }
        try await harness.app.test(.router) { client in
            try await client.execute(uri: "/webhooks/gitlab", method: .post, headers: Self.headers(), body: ByteBuffer(string: body)) {
                #expect($0.status == .badRequest)
                let reason = try JSONDecoder().decode([String: String].self, from: Data(buffer: $0.body))["error"]
                #expect(reason?.isEmpty == false)
            }
        }
        #expect(try await harness.jobs().isEmpty)
    }

    @Test("a well-formed delivery the bot does not act on gets 2xx and creates no job")
    func ignoresNoteOnIssue() async throws {
        let harness = try Harness()
        defer { harness.directory.remove() }
        try await harness.app.test(.router) { client in
            let body = ByteBuffer(data: try SharedFixtures.data("gitlab/note_issue_docs_derived_IGNORE.json"))
            try await client.execute(uri: "/webhooks/gitlab", method: .post, headers: Self.headers(event: "Note Hook"), body: body) {
                #expect($0.status == .ok)
            }
            let push = ByteBuffer(string: #"{"object_kind":"push","ref":"refs/heads/main"}"#)
            try await client.execute(uri: "/webhooks/gitlab", method: .post, headers: Self.headers(event: "Push Hook"), body: push) {
                #expect($0.status == .ok)
            }
        }
        #expect(try await harness.jobs().isEmpty)
    }

    @Test("a merge request opened is enqueued durably and answered 202 with an empty body")
    func enqueuesReview() async throws {
        let harness = try Harness()
        defer { harness.directory.remove() }
        try await harness.app.test(.router) { client in
            try await client.execute(uri: "/webhooks/gitlab", method: .post, headers: Self.headers(), body: try Self.mergeRequestOpen()) {
                #expect($0.status == .accepted)
                #expect($0.body.readableBytes == 0)
            }
        }
        let jobs = try await harness.jobs()
        #expect(jobs.count == 1)
        let job = try #require(jobs.first)
        #expect(job.kind == .review)
        #expect(job.state == .pending)
        #expect(job.id == "review-\(job.projectID)-\(job.mergeRequestIID)-\(job.headSHA ?? "")")
        // The job survives the process: a second store on the same file sees it.
        let reopened = try SQLiteStore.open(dataDirectory: harness.directory.path)
        #expect(try await reopened.list(states: nil, limit: nil).map(\.id) == [job.id])
    }

    @Test("50 concurrent redeliveries of one merge request event make exactly one job")
    func concurrentRedeliveries() async throws {
        let harness = try Harness()
        defer { harness.directory.remove() }
        let body = try Self.mergeRequestOpen()
        try await harness.app.test(.live) { client in
            try await withThrowingTaskGroup(of: HTTPResponse.Status.self) { group in
                for attempt in 0..<50 {
                    group.addTask {
                        // Half carry the same Idempotency-Key (GitLab retries), half a new one (a second hook, a resend).
                        let key = attempt.isMultiple(of: 2) ? "delivery-1" : "delivery-\(attempt)"
                        return try await client.execute(
                            uri: "/webhooks/gitlab", method: .post, headers: Self.headers(idempotencyKey: key), body: body
                        ) { $0.status }
                    }
                }
                for try await status in group { #expect(status == .accepted) }
            }
        }
        #expect(try await harness.jobs().count == 1)
    }

    @Test("a delivery whose Idempotency-Key was seen before is a no-op even for another event")
    func idempotencyKey() async throws {
        let harness = try Harness()
        defer { harness.directory.remove() }
        let note = try Self.mention(noteID: 9001)
        try await harness.app.test(.router) { client in
            try await client.execute(uri: "/webhooks/gitlab", method: .post, headers: Self.headers(idempotencyKey: "k-1"), body: try Self.mergeRequestOpen()) {
                #expect($0.status == .accepted)
            }
            try await client.execute(uri: "/webhooks/gitlab", method: .post, headers: Self.headers(event: "Note Hook", idempotencyKey: "k-1"), body: note) {
                #expect($0.status == .accepted)
            }
        }
        #expect(try await harness.jobs().map(\.kind) == [.review])
    }

    @Test("a note mentioning the bot becomes a note job; the same note redelivered does not")
    func mentionBecomesNoteJob() async throws {
        let harness = try Harness()
        defer { harness.directory.remove() }
        let note = try Self.mention(noteID: 1244)
        try await harness.app.test(.router) { client in
            for _ in 0..<2 {
                try await client.execute(uri: "/webhooks/gitlab", method: .post, headers: Self.headers(event: "Note Hook"), body: note) {
                    #expect($0.status == .accepted)
                }
            }
        }
        let jobs = try await harness.jobs()
        #expect(jobs.count == 1)
        #expect(jobs.first?.kind == .note)
        #expect(jobs.first?.noteID == 1244)
        #expect(jobs.first?.id.hasPrefix("note-") == true)
    }

    @Test("a merge request whose head SHA is already reviewed is ignored")
    func alreadyReviewed() async throws {
        let harness = try Harness()
        defer { harness.directory.remove() }
        let fixture = try JSONSerialization.jsonObject(with: SharedFixtures.data("gitlab/mr_open_docs_derived.json")) as? [String: Any]
        let attributes = try #require(fixture?["object_attributes"] as? [String: Any])
        let project = try #require((fixture?["project"] as? [String: Any])?["id"] as? Int)
        let iid = try #require(attributes["iid"] as? Int)
        let sha = try #require((attributes["last_commit"] as? [String: Any])?["id"] as? String)
        let now = Date()
        try await harness.store.record(
            ReviewRecord(
                projectID: project, mergeRequestIID: iid, headSHA: sha, state: .posted, statusNoteID: 1, codexThreadID: nil,
                inputTokens: 0, cachedInputTokens: 0, outputTokens: 0, reasoningTokens: 0, createdAt: now, updatedAt: now
            )
        )
        try await harness.app.test(.router) { client in
            try await client.execute(uri: "/webhooks/gitlab", method: .post, headers: Self.headers(), body: try Self.mergeRequestOpen()) {
                #expect($0.status == .ok)
            }
        }
        #expect(try await harness.jobs().isEmpty)
    }

    @Test("deliveries are still stored while the queue is paused, and /healthz says it is paused")
    func pausedQueueStillStores() async throws {
        let harness = try Harness()
        defer { harness.directory.remove() }
        try await harness.store.pause(reason: "GitLab token rejected")
        try await harness.app.test(.router) { client in
            try await client.execute(uri: "/webhooks/gitlab", method: .post, headers: Self.headers(), body: try Self.mergeRequestOpen()) {
                #expect($0.status == .accepted)
            }
            try await client.execute(uri: "/healthz", method: .get) { response in
                #expect(response.status == .ok)
                let report = try #require(try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any])
                #expect(report["queue_paused"] as? Bool == true)
                #expect(report["pause_reason"] as? String == "GitLab token rejected")
                #expect(report["sandbox_mode"] as? String == "read-only")
                #expect((report["queue"] as? [String: Int])?["pending"] == 1)
            }
            try await client.execute(uri: "/readyz", method: .get) { #expect($0.status == .ok) }
        }
    }

    @Test("/metrics counts deliveries by event and outcome, and the queue depth")
    func metrics() async throws {
        let harness = try Harness()
        defer { harness.directory.remove() }
        try await harness.app.test(.router) { client in
            try await client.execute(uri: "/webhooks/gitlab", method: .post, headers: Self.headers(), body: try Self.mergeRequestOpen())
            try await client.execute(uri: "/webhooks/gitlab", method: .post, headers: Self.headers(), body: try Self.mergeRequestOpen())
            try await client.execute(uri: "/webhooks/gitlab", method: .post, headers: Self.headers(token: "nope"), body: try Self.mergeRequestOpen())
            try await client.execute(uri: "/metrics", method: .get) { response in
                let text = String(buffer: response.body)
                #expect(text.contains(#"warden_webhook_deliveries_total{event="merge_request",outcome="enqueued",forge="gitlab"} 1"#))
                #expect(text.contains(#"warden_webhook_deliveries_total{event="merge_request",outcome="duplicate",forge="gitlab"} 1"#))
                #expect(text.contains(#"warden_webhook_deliveries_total{event="merge_request",outcome="unauthorized",forge="gitlab"} 1"#))
                #expect(text.contains("warden_webhook_deduplicated_total 1"))
                #expect(text.contains(#"warden_queue_jobs{state="pending"} 1"#))
                #expect(text.contains("warden_webhook_ack_seconds_count 3"))
            }
        }
    }

    @Test("no payload text from a delivery lands in the database files")
    func noPayloadInDatabase() async throws {
        let harness = try Harness()
        defer { harness.directory.remove() }
        let canary = "CANARY-\(UUID().uuidString)"
        var fixture = try #require(try JSONSerialization.jsonObject(with: SharedFixtures.data("gitlab/mr_open_docs_derived.json")) as? [String: Any])
        var attributes = try #require(fixture["object_attributes"] as? [String: Any])
        attributes["title"] = "title \(canary)"
        attributes["description"] = "description \(canary)"
        fixture["object_attributes"] = attributes
        let body = ByteBuffer(data: try JSONSerialization.data(withJSONObject: fixture))
        try await harness.app.test(.router) { client in
            try await client.execute(uri: "/webhooks/gitlab", method: .post, headers: Self.headers(), body: body) { #expect($0.status == .accepted) }
            try await client.execute(uri: "/webhooks/gitlab", method: .post, headers: Self.headers(event: "Note Hook"), body: try Self.mention(noteID: 77, extra: canary)) {
                #expect($0.status == .accepted)
            }
        }
        #expect(try await harness.jobs().count == 2)
        let files = harness.directory.allFiles()
        #expect(!files.isEmpty)
        for file in files {
            #expect(file.bytes.range(of: Data(canary.utf8)) == nil, "canary found in \(file.path)")
        }
    }

    /// The docs' merge request note fixture, rewritten to mention the bot.
    static func mention(noteID: Int, extra: String = "") throws -> ByteBuffer {
        var fixture = try #require(try JSONSerialization.jsonObject(with: SharedFixtures.data("gitlab/note_mr_overview_docs_derived.json")) as? [String: Any])
        var attributes = try #require(fixture["object_attributes"] as? [String: Any])
        attributes["note"] = "@warden-bot please look again \(extra)"
        attributes["id"] = noteID
        fixture["object_attributes"] = attributes
        return ByteBuffer(data: try JSONSerialization.data(withJSONObject: fixture))
    }
}
