import Forge
import Foundation
import Testing
import WardenCore

@Suite("GitHub webhook decoder and signature")
struct GitHubWebhookDecoderTests {
    @Test(
        "refuses bodies that are not a JSON object",
        arguments: [("", WebhookDecodingError.emptyBody), ("{", .malformedJSON), ("[1]", .notAnObject), ("\"x\"", .notAnObject), ("null", .notAnObject)]
    )
    func malformed(_ body: String, _ expected: WebhookDecodingError) {
        #expect(throws: expected) { try GitHubWebhookDecoder.decode(body: Data(body.utf8), eventHeader: "pull_request") }
    }

    @Test("reads a pull request delivery, tolerating odd field shapes")
    func pullRequest() throws {
        let body = #"{"action": "opened", "repository": {"id": "77", "full_name": "octo/app"}, "installation": {"id": 5}, "pull_request": {"number": 9, "state": "open", "draft": "true", "head": {"sha": "abc"}, "user": 12}}"#
        let event = try GitHubWebhookDecoder.decode(body: Data(body.utf8), eventHeader: "pull_request")
        #expect(
            event == .pullRequest(
                GitHubPullRequestEvent(
                    action: "opened", repositoryID: 77, repositoryFullName: "octo/app", installationID: 5, number: 9, headSHA: "abc", isDraft: true, state: "open"
                )
            )
        )
    }

    @Test("tells a comment on a pull request from one on an issue by issue.pull_request")
    func issueComments() throws {
        func decode(_ issue: String) throws -> GitHubCommentEvent? {
            let body = #"{"action": "created", "issue": \#(issue), "comment": {"id": 1, "body": "hi", "user": {"login": "a", "id": 2, "type": "Bot"}}}"#
            guard case .comment(let comment) = try GitHubWebhookDecoder.decode(body: Data(body.utf8), eventHeader: "issue_comment") else { return nil }
            return comment
        }
        #expect(try decode(#"{"number": 3, "pull_request": {"url": "u"}}"#)?.isOnPullRequest == true)
        #expect(try decode(#"{"number": 3}"#)?.isOnPullRequest == false)
        #expect(try decode(#"{"number": 3, "pull_request": null}"#)?.isOnPullRequest == false)
        #expect(try decode(#"{"number": 3}"#)?.authorType == "Bot")
    }

    @Test("ping and unknown events")
    func otherEvents() throws {
        #expect(try GitHubWebhookDecoder.decode(body: Data(#"{"zen": "x"}"#.utf8), eventHeader: "ping") == .ping)
        #expect(try GitHubWebhookDecoder.decode(body: Data(#"{"ref": "x"}"#.utf8), eventHeader: "push") == .other(event: "push"))
    }

    static let secret = Secret("It's a Secret to Everybody")
    static let body = Data("Hello, World!".utf8)

    @Test(
        "checks X-Hub-Signature-256 over the raw body",
        arguments: [
            // GitHub's documented example (docs: "Validating webhook deliveries").
            ("sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17", true),
            ("sha256=757107EA0EB2509FC211221CCE984B8A37570B6D7586C22C46F4379C8B043E17", true),
            ("sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e18", false),
            ("sha1=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17", false),
            ("757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17", false),
            ("sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e1", false),
            ("sha256=zz7107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17", false),
            ("", false),
        ]
    )
    func signature(_ header: String, _ valid: Bool) {
        #expect(GitHubWebhookSignature.isValid(header, body: Self.body, secret: Self.secret) == valid)
    }

    @Test("a missing header, another secret or another body fail; the header GitHub would send passes")
    func signatureRoundTrip() {
        let header = GitHubWebhookSignature.header(for: Self.body, secret: Self.secret)
        #expect(header == "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17")
        #expect(!GitHubWebhookSignature.isValid(nil, body: Self.body, secret: Self.secret))
        #expect(!GitHubWebhookSignature.isValid(header, body: Self.body, secret: Secret("another secret")))
        #expect(!GitHubWebhookSignature.isValid(header, body: Data("Hello, World?".utf8), secret: Self.secret))
    }
}
