import Foundation
import Forge
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

/// `POST /webhooks/github` over HTTP, against the real SQLite store.
@Suite("GitHub webhook receiver")
struct GitHubWebhookReceiverTests {
    static let secret = Secret("s3cret-github-webhook")
    static let bot = "warden-bot[bot]"
    /// The fixtures' repository and pull request.
    static let repositoryID = 186_853_002
    static let headSHA = "ec26c3e57ca3a959ca5aad62de7213c562f8c821"

    /// A server with only the GitHub route, over a fresh store in its own data directory.
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
                webhook: nil,
                githubWebhook: .init(webhookSecret: GitHubWebhookReceiverTests.secret, maxBodyBytes: maxBodyBytes, botLogin: GitHubWebhookReceiverTests.bot),
                sandboxMode: .readOnly
            )
            app = ReviewBotServer.buildApplication(settings: settings, store: store, logger: Logger(label: "test"))
        }

        func jobs() async throws -> [JobRecord] {
            try await store.list(states: nil, limit: nil)
        }
    }

    static let signatureHeader = HTTPField.Name("X-Hub-Signature-256")!

    /// Headers of a delivery of `body`, signed as GitHub signs it unless `signature` replaces the signature.
    static func headers(event: String, body: ByteBuffer, delivery: String = UUID().uuidString, signature: String? = nil) -> HTTPFields {
        var fields: HTTPFields = [.contentType: "application/json", HTTPField.Name("X-GitHub-Event")!: event]
        fields[HTTPField.Name("X-GitHub-Delivery")!] = delivery
        fields[signatureHeader] = signature ?? GitHubWebhookSignature.header(for: Data(buffer: body), secret: secret)
        return fields
    }

    static func fixture(_ name: String) throws -> ByteBuffer {
        ByteBuffer(data: try SharedFixtures.data("github/\(name).json"))
    }

    /// A fixture with some of its fields replaced (`path` is a list of keys into nested objects).
    static func fixture(_ name: String, setting path: [String], to value: Any) throws -> ByteBuffer {
        let object = try #require(try JSONSerialization.jsonObject(with: SharedFixtures.data("github/\(name).json")) as? [String: Any])
        func set(_ object: [String: Any], _ path: ArraySlice<String>) -> [String: Any] {
            var object = object
            guard let key = path.first else { return object }
            if path.count == 1 {
                object[key] = value
            } else {
                object[key] = set(object[key] as? [String: Any] ?? [:], path.dropFirst())
            }
            return object
        }
        return ByteBuffer(data: try JSONSerialization.data(withJSONObject: set(object, path[...])))
    }

    static func post(_ client: some TestClientProtocol, event: String, body: ByteBuffer, delivery: String = UUID().uuidString) async throws -> TestResponse {
        try await client.execute(uri: "/webhooks/github", method: .post, headers: headers(event: event, body: body, delivery: delivery), body: body)
    }

    /// Posts a signed delivery and checks its status.
    static func expectStatus(
        _ expected: HTTPResponse.Status,
        _ client: some TestClientProtocol,
        event: String,
        body: ByteBuffer,
        delivery: String = UUID().uuidString,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws {
        let status = try await post(client, event: event, body: body, delivery: delivery).status
        #expect(status == expected, sourceLocation: sourceLocation)
    }

    struct FixtureCase: Sendable, CustomTestStringConvertible {
        let fixture: String
        let event: String
        let status: HTTPResponse.Status
        /// The job id expected, or `nil` for none.
        let job: String?
        var testDescription: String { fixture }
    }

    static let fixtureCases: [FixtureCase] = [
        FixtureCase(fixture: "pull_request_opened", event: "pull_request", status: .accepted, job: "review-github-\(repositoryID)-2-\(headSHA)"),
        FixtureCase(fixture: "pull_request_synchronize", event: "pull_request", status: .accepted, job: "review-github-\(repositoryID)-2-\(headSHA)"),
        // A comment on a diff line that does not mention the bot, and one on an issue: acknowledged, nothing stored.
        FixtureCase(fixture: "pull_request_review_comment_created", event: "pull_request_review_comment", status: .ok, job: nil),
        FixtureCase(fixture: "issue_comment_created_on_issue_IGNORE", event: "issue_comment", status: .ok, job: nil),
    ]

    @Test("every shared GitHub fixture, correctly signed, gets its status and job", arguments: fixtureCases)
    func fixtures(row: FixtureCase) async throws {
        let harness = try Harness()
        defer { harness.directory.remove() }
        try await harness.app.test(.router) { client in
            let response = try await Self.post(client, event: row.event, body: try Self.fixture(row.fixture))
            #expect(response.status == row.status)
            if row.status == .ok { #expect(String(buffer: response.body).hasPrefix(#"{"ignored":"#)) }
        }
        let jobs = try await harness.jobs()
        #expect(jobs.map(\.id) == (row.job.map { [$0] } ?? []))
        if let job = jobs.first {
            #expect(job.forge == .github && job.kind == .review && job.state == .pending)
            #expect(job.projectID == Self.repositoryID && job.mergeRequestIID == 2 && job.headSHA == Self.headSHA)
            #expect(job.repository == "Codertocat/Hello-World" && job.installationID == 1)
        }
    }

    @Test("a review comment mentioning the bot becomes a note job answering in that thread")
    func reviewCommentMention() async throws {
        let harness = try Harness()
        defer { harness.directory.remove() }
        let reply = try Self.fixture("pull_request_review_comment_created", setting: ["comment", "body"], to: "@warden-bot why?")
        try await harness.app.test(.router) { client in
            try await Self.expectStatus(.accepted, client, event: "pull_request_review_comment", body: reply)
        }
        let job = try #require(try await harness.jobs().first)
        #expect(job.id == "note-github-\(Self.repositoryID)-2-284312630")
        #expect(job.forge == .github && job.kind == .note && job.noteID == 284_312_630)
        // The comment starts its thread, so it is the thread's top-level comment replies go to.
        #expect(job.discussionID == "284312630")
    }

    @Test("a missing or wrong signature is refused with 401 before parsing, and nothing is stored", arguments: [nil, "sha256=" + String(repeating: "0", count: 64), "garbage", ""] as [String?])
    func refusesBadSignature(signature: String?) async throws {
        let harness = try Harness()
        defer { harness.directory.remove() }
        let body = try Self.fixture("pull_request_opened")
        try await harness.app.test(.router) { client in
            var unsigned = Self.headers(event: "pull_request", body: body, signature: signature)
            if signature == nil { unsigned[Self.signatureHeader] = nil }
            try await client.execute(uri: "/webhooks/github", method: .post, headers: unsigned, body: body) {
                #expect($0.status == .unauthorized)
                #expect(String(buffer: $0.body) == #"{"error":"unauthorized"}"#)
            }
            // A body that is not even JSON is refused for its signature first.
            try await client.execute(uri: "/webhooks/github", method: .post, headers: unsigned, body: ByteBuffer(string: "{not json")) {
                #expect($0.status == .unauthorized)
            }
        }
        #expect(try await harness.jobs().isEmpty)
    }

    @Test("a signature of another body is refused with 401")
    func refusesSignatureOfAnotherBody() async throws {
        let harness = try Harness()
        defer { harness.directory.remove() }
        let body = try Self.fixture("pull_request_opened")
        let other = try Self.fixture("pull_request_synchronize")
        try await harness.app.test(.router) { client in
            try await client.execute(uri: "/webhooks/github", method: .post, headers: Self.headers(event: "pull_request", body: other), body: body) {
                #expect($0.status == .unauthorized)
            }
        }
        #expect(try await harness.jobs().isEmpty)
    }

    @Test("an oversized body is refused with 413, whether declared or streamed")
    func refusesOversizedBody() async throws {
        let harness = try Harness(maxBodyBytes: 1024)
        defer { harness.directory.remove() }
        let big = try Self.fixture("pull_request_opened")
        try await harness.app.test(.router) { client in
            try await Self.expectStatus(.contentTooLarge, client, event: "pull_request", body: big)
        }
        try await harness.app.test(.live) { client in
            try await Self.expectStatus(.contentTooLarge, client, event: "pull_request", body: big)
        }
        #expect(try await harness.jobs().isEmpty)
    }

    @Test("a correctly signed malformed body is refused with 400 and the reason", arguments: ["{not json", "", "[1,2,3]"])
    func refusesMalformedBody(body: String) async throws {
        let harness = try Harness()
        defer { harness.directory.remove() }
        try await harness.app.test(.router) { client in
            let response = try await Self.post(client, event: "pull_request", body: ByteBuffer(string: body))
            #expect(response.status == .badRequest)
            let reason = try JSONDecoder().decode([String: String].self, from: Data(buffer: response.body))["error"]
            #expect(reason?.isEmpty == false)
        }
        #expect(try await harness.jobs().isEmpty)
    }

    @Test("a ping is answered 200, and an event the bot does not use is acknowledged and ignored")
    func pingAndUnknownEvent() async throws {
        let harness = try Harness()
        defer { harness.directory.remove() }
        try await harness.app.test(.router) { client in
            let ping = try await Self.post(client, event: "ping", body: ByteBuffer(string: #"{"zen":"Design for failure.","hook_id":1}"#))
            #expect(ping.status == .ok)
            #expect(String(buffer: ping.body) == #"{"ignored":"ping"}"#)
            let push = try await Self.post(client, event: "push", body: ByteBuffer(string: #"{"ref":"refs/heads/main"}"#))
            #expect(push.status == .ok)
            #expect(String(buffer: push.body) == #"{"ignored":"unsupported_event"}"#)
        }
        #expect(try await harness.jobs().isEmpty)
    }

    @Test("a redelivery with the same X-GitHub-Delivery is a no-op, even for another event")
    func redelivery() async throws {
        let harness = try Harness()
        defer { harness.directory.remove() }
        let newHead = try Self.fixture("pull_request_synchronize", setting: ["pull_request", "head", "sha"], to: "feedface")
        try await harness.app.test(.router) { client in
            try await Self.expectStatus(.accepted, client, event: "pull_request", body: try Self.fixture("pull_request_opened"), delivery: "d-1")
            try await Self.expectStatus(.accepted, client, event: "pull_request", body: try Self.fixture("pull_request_opened"), delivery: "d-1")
            try await Self.expectStatus(.accepted, client, event: "pull_request", body: newHead, delivery: "d-1")
            try await client.execute(uri: "/metrics", method: .get) { response in
                let text = String(buffer: response.body)
                #expect(text.contains(#"warden_webhook_deliveries_total{event="pull_request",outcome="enqueued",forge="github"} 1"#))
                #expect(text.contains(#"warden_webhook_deliveries_total{event="pull_request",outcome="duplicate",forge="github"} 2"#))
                #expect(text.contains(#"warden_http_requests_total{route="webhook_github",status="202"} 3"#))
            }
        }
        #expect(try await harness.jobs().map(\.id) == ["review-github-\(Self.repositoryID)-2-\(Self.headSHA)"])
    }

    @Test("draft pull requests are not reviewed")
    func draftsIgnored() async throws {
        let harness = try Harness()
        defer { harness.directory.remove() }
        let draft = try Self.fixture("pull_request_opened", setting: ["pull_request", "draft"], to: true)
        try await harness.app.test(.router) { client in
            let response = try await Self.post(client, event: "pull_request", body: draft)
            #expect(response.status == .ok)
            #expect(String(buffer: response.body) == #"{"ignored":"draft"}"#)
        }
        #expect(try await harness.jobs().isEmpty)
    }

    @Test("a synchronize to a new head supersedes the pending review of the old head")
    func synchronizeSupersedes() async throws {
        let harness = try Harness()
        defer { harness.directory.remove() }
        let newHead = try Self.fixture("pull_request_synchronize", setting: ["pull_request", "head", "sha"], to: "feedface")
        try await harness.app.test(.router) { client in
            try await Self.expectStatus(.accepted, client, event: "pull_request", body: try Self.fixture("pull_request_opened"))
            try await Self.expectStatus(.accepted, client, event: "pull_request", body: newHead)
        }
        let states = Dictionary(uniqueKeysWithValues: try await harness.jobs().map { ($0.id, $0.state) })
        #expect(
            states == [
                "review-github-\(Self.repositoryID)-2-\(Self.headSHA)": .superseded,
                "review-github-\(Self.repositoryID)-2-feedface": .pending,
            ]
        )
    }

    @Test("a head already reviewed on GitHub is ignored; the same numbers reviewed on GitLab are not")
    func alreadyReviewed() async throws {
        let harness = try Harness()
        defer { harness.directory.remove() }
        try await harness.store.record(ReviewRecord(forge: .gitlab, projectID: Self.repositoryID, mergeRequestIID: 2, headSHA: Self.headSHA, state: .posted))
        try await harness.app.test(.router) { client in
            try await Self.expectStatus(.accepted, client, event: "pull_request", body: try Self.fixture("pull_request_opened"))
        }
        try await harness.store.record(ReviewRecord(forge: .github, projectID: Self.repositoryID, mergeRequestIID: 2, headSHA: "feedface", state: .posted))
        let reviewed = try Self.fixture("pull_request_synchronize", setting: ["pull_request", "head", "sha"], to: "feedface")
        try await harness.app.test(.router) { client in
            let response = try await Self.post(client, event: "pull_request", body: reviewed)
            #expect(response.status == .ok)
            #expect(String(buffer: response.body) == #"{"ignored":"already_reviewed"}"#)
        }
        #expect(try await harness.jobs().map(\.id) == ["review-github-\(Self.repositoryID)-2-\(Self.headSHA)"])
    }

    @Test("a server configured for GitHub alone serves no GitLab route")
    func githubAlone() async throws {
        let harness = try Harness()
        defer { harness.directory.remove() }
        try await harness.app.test(.router) { client in
            try await client.execute(uri: "/webhooks/gitlab", method: .post, body: ByteBuffer(string: "{}")) {
                #expect($0.status == .notFound)
            }
        }
    }
}
