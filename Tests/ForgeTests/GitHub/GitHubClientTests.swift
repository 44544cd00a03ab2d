import Forge
import Foundation
import Testing
import WardenCore
import WardenTestSupport
import _CryptoExtras

@Suite("GitHub client against the fake GitHub", .serialized)
struct GitHubClientTests {
    @Test("as an App: finds the installation, mints one token for many calls, and pages through files with Link")
    func appReadsPullRequest() async throws {
        let bed = try await GitHubTestbed.start(extraFiles: 150)
        defer { Task { await bed.stop() } }
        let client = bed.appClient()
        let pull = try await client.pullRequest(bed.ref(withInstallation: false), number: 1)
        #expect(pull.headSHA == bed.headSHA)
        #expect(pull.baseRef == "main" && pull.headRef == "feature")
        let files = try await client.pullRequestFiles(bed.ref(withInstallation: false), number: 1)
        #expect(files.count == 152)
        let app = try #require(files.first { $0.newPath == "src/app.txt" })
        #expect(app.diff.hasPrefix("@@ -1,5 +1,6 @@\n"))
        #expect(files.first { $0.newPath == "docs/new.md" }?.newFile == true)
        #expect(await bed.github.calls(to: .pullRequestFiles).count == 2)
        #expect(await bed.github.calls(to: .repositoryInstallation).count == 1)
        #expect(await bed.github.mintedTokenCount == [GitHubTestbed.installationID: 1])
    }

    @Test("an expired installation token is refreshed once on 401")
    func refreshesExpiredToken() async throws {
        let bed = try await GitHubTestbed.start()
        defer { Task { await bed.stop() } }
        let client = bed.appClient()
        _ = try await client.pullRequest(bed.ref(), number: 1)
        await bed.github.expireInstallationTokens()
        let pull = try await client.pullRequest(bed.ref(), number: 1)
        #expect(pull.number == 1)
        #expect(await bed.github.mintedTokenCount[GitHubTestbed.installationID] == 2)
        #expect(await bed.github.calls(to: .pullRequest).map(\.status) == [200, 401, 200])
    }

    @Test("a token about to expire is not used: a new one is minted")
    func shortLivedTokens() async throws {
        let bed = try await GitHubTestbed.start(tokenLifetime: .seconds(240))
        defer { Task { await bed.stop() } }
        let client = bed.appClient()
        _ = try await client.pullRequest(bed.ref(), number: 1)
        _ = try await client.pullRequest(bed.ref(), number: 1)
        #expect(await bed.github.mintedTokenCount[GitHubTestbed.installationID] == 2)
        #expect(await bed.github.calls(to: .pullRequest).map(\.status) == [200, 200])
    }

    @Test("a JWT signed with another key is refused as an authentication failure")
    func wrongKey() async throws {
        let bed = try await GitHubTestbed.start()
        defer { Task { await bed.stop() } }
        let client = bed.appClient(key: try _RSA.Signing.PrivateKey(keySize: .bits2048))
        let error = try await #require(throws: ForgeError.self) { try await client.pullRequest(bed.ref(), number: 1) }
        #expect(error.isAuthentication)
        #expect(await bed.github.mintedTokenCount.isEmpty)
    }

    @Test("a wrong token is an authentication failure; the right one reads")
    func tokens() async throws {
        let bed = try await GitHubTestbed.start()
        defer { Task { await bed.stop() } }
        let error = try await #require(throws: ForgeError.self) { try await bed.tokenClient("ghp_wrong").pullRequest(bed.ref(), number: 1) }
        #expect(error.isAuthentication)
        #expect(!error.description.contains("ghp_wrong"))
        #expect(try await bed.tokenClient().pullRequest(bed.ref(), number: 1).headSHA == bed.headSHA)
    }

    @Test(
        "waits out rate limits as GitHub asks",
        arguments: [
            (FakeGitHubFailure.secondaryRateLimit(retryAfter: 3), Duration.seconds(3)),
            (.secondaryRateLimitMessageOnly, .seconds(60)),
            (.primaryRateLimit(resetIn: 30), .seconds(31)),
            (.serverError(502), .seconds(1)),
        ]
    )
    func rateLimits(_ failure: FakeGitHubFailure, _ expectedWait: Duration) async throws {
        let bed = try await GitHubTestbed.start()
        defer { Task { await bed.stop() } }
        await bed.github.failNext(1, .createIssueComment, with: failure)
        let comment = try await bed.appClient().createIssueComment(bed.ref(), number: 1, body: "status")
        #expect(comment.body == "status")
        let waited = try #require(bed.clock.sleeps.first)
        // The primary reset is a whole second of the fake's clock: allow the second it may round to.
        #expect(waited >= expectedWait - .seconds(1) && waited <= expectedWait)
        #expect(await bed.github.storedIssueComments(repository: GitHubTestbed.fullName, number: 1).count == 1)
    }

    @Test("a 403 for a permission fails at once with a clear reason")
    func forbidden() async throws {
        let bed = try await GitHubTestbed.start()
        defer { Task { await bed.stop() } }
        let someone = await bed.github.addComment(repository: GitHubTestbed.fullName, number: 1, body: "mine", authorLogin: "octocat")
        let error = try await #require(throws: ForgeError.self) {
            try await bed.appClient().editIssueComment(bed.ref(), commentID: someone, body: "changed")
        }
        #expect(error.isForbidden && !error.isRetryable)
        #expect(error.description.contains("Resource not accessible by integration"))
        #expect(bed.clock.sleeps.isEmpty)
    }

    @Test("a review with valid anchors is published at once; one bad anchor refuses it whole")
    func reviews() async throws {
        let bed = try await GitHubTestbed.start()
        defer { Task { await bed.stop() } }
        let client = bed.appClient()
        let good = [
            GitHubNewReview.Comment(anchor: GitHubReviewAnchor(path: "src/app.txt", line: 2, side: .right), body: "added line"),
            GitHubNewReview.Comment(anchor: GitHubReviewAnchor(path: "src/app.txt", line: 2, side: .left), body: "removed line"),
            GitHubNewReview.Comment(anchor: GitHubReviewAnchor(path: "src/app.txt", line: 6, side: .right, startLine: 3, startSide: .right), body: "range"),
        ]
        let bad = GitHubNewReview.Comment(anchor: GitHubReviewAnchor(path: "src/app.txt", line: 9, side: .right), body: "not in the diff")
        let error = try await #require(throws: ForgeError.self) {
            try await client.createReview(bed.ref(), number: 1, GitHubNewReview(commitID: bed.headSHA, body: "summary", comments: good + [bad]))
        }
        #expect(error.isInvalidPosition)
        #expect(error.description.contains("must be part of the diff") && error.status == 422)
        #expect(await bed.github.storedReviews(repository: GitHubTestbed.fullName, number: 1).isEmpty)
        _ = try await client.createReview(bed.ref(), number: 1, GitHubNewReview(commitID: bed.headSHA, body: "summary", comments: good))
        let reviews = await bed.github.storedReviews(repository: GitHubTestbed.fullName, number: 1)
        #expect(reviews.count == 1 && reviews.first?.commentIDs.count == 3 && reviews.first?.event == "COMMENT")
        let comments = try await client.reviewComments(bed.ref(), number: 1)
        #expect(comments.map(\.side) == ["RIGHT", "LEFT", "RIGHT"])
    }

    @Test("replies go to a thread's top-level comment; a reply to a reply is refused; reactions land")
    func replies() async throws {
        let bed = try await GitHubTestbed.start()
        defer { Task { await bed.stop() } }
        let client = bed.appClient()
        let top = await bed.github.addComment(repository: GitHubTestbed.fullName, number: 1, body: "why?", authorLogin: "octocat", path: "src/app.txt", line: 2)
        let reply = try await client.replyToReviewComment(bed.ref(), number: 1, commentID: top, body: "because")
        #expect(reply.inReplyToID == top)
        let error = try await #require(throws: ForgeError.self) {
            try await client.replyToReviewComment(bed.ref(), number: 1, commentID: reply.id, body: "again")
        }
        #expect(!error.isRetryable && error.status == 422)
        try await client.addReaction(bed.ref(), kind: .review, commentID: top, content: "eyes")
        #expect(await bed.github.storedComment(top)?.reactions == ["eyes"])
        #expect(try await client.reviewComment(bed.ref(), commentID: top).path == "src/app.txt")
        #expect(try await client.permission(bed.ref(), login: "octocat") == "none")
        await bed.github.setPermission(repository: GitHubTestbed.fullName, login: "octocat", "write")
        #expect(try await client.permission(bed.ref(), login: "octocat") == "write")
        #expect(try await client.gitToken(for: bed.ref()).exposedValue.hasPrefix("ghs_"))
    }
}

@Suite("Fake GitHub's git credentials and deliveries")
struct FakeGitHubDeliveryTests {
    @Test("git takes an installation token as x-access-token until it expires")
    func gitCredentials() async throws {
        let bed = try await GitHubTestbed.start()
        defer { Task { await bed.stop() } }
        let token = try await bed.appClient().gitToken(for: bed.ref()).exposedValue
        #expect(await bed.github.acceptsGitCredentials(user: "x-access-token", password: token))
        #expect(await !bed.github.acceptsGitCredentials(user: "oauth2", password: token))
        await bed.github.expireInstallationTokens()
        #expect(await !bed.github.acceptsGitCredentials(user: "x-access-token", password: token))
    }

    @Test("deliveries carry the event, the delivery id and a signature that verifies only with the hook's secret")
    func signedDeliveries() throws {
        let github = FakeGitHub()
        let delivery = github.delivery(event: "ping", payload: ["zen": "Keep it logically awesome."], deliveryID: "d-1", secret: "0123456789abcdef")
        #expect(delivery.headers["X-GitHub-Event"] == "ping" && delivery.headers["X-GitHub-Delivery"] == "d-1")
        let signature = delivery.headers["X-Hub-Signature-256"]
        #expect(GitHubWebhookSignature.isValid(signature, body: delivery.body, secret: Secret("0123456789abcdef")))
        #expect(!GitHubWebhookSignature.isValid(signature, body: delivery.body, secret: Secret("fedcba9876543210")))
        #expect(signature == GitHubWebhookSignature.header(for: delivery.body, secret: Secret("0123456789abcdef")))
    }
}
