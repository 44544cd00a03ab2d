import Forge
import Foundation
import Git
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing
import WardenCore

@testable import ReviewBot
@testable import WardenTestSupport

@Suite("Repository pre-warm on a webhook's receipt")
struct RepositoryPrewarmerTests {
    @Test("an accepted review webhook fetches the head into the cache, so the job's own lease fetches nothing")
    func prewarmsOnReceipt() async throws {
        let harness = try await ReviewHarness.start(script: [])
        defer { Task { await harness.stop() } }
        let requests = PrewarmRequests()
        let prewarmer = RepositoryPrewarmer(
            requests: requests,
            forge: harness.forge(),
            repositories: harness.cache,
            credential: GitCredential(token: Secret(ReviewHarness.token)),
            logger: harness.logger
        )
        // No worker: only the pre-warmer can have fetched the head.
        let app = ReviewBotServer.buildApplication(
            settings: ReviewBotServer.Settings(
                host: "127.0.0.1",
                port: 0,
                webhook: GitLabWebhookReceiver.Settings(
                    webhookSecret: Secret(ReviewHarness.webhookSecret),
                    maxBodyBytes: 1 << 20,
                    classifier: ClassifierSettings(botUsername: ReviewHarness.bot.username, botUserID: ReviewHarness.bot.id)
                ),
                sandboxMode: .default
            ),
            store: harness.store,
            services: [prewarmer],
            prewarm: requests,
            logger: harness.logger
        )
        try await app.test(.live) { client in
            let response = try await client.execute(
                uri: "/webhooks/gitlab",
                method: .post,
                headers: ReviewHarness.headers(event: "Merge Request Hook"),
                body: ReviewHarness.mergeRequestEvent(action: "open", headSHA: harness.headSHA)
            )
            #expect(response.status == .accepted)
            let deadline = ContinuousClock.now + .seconds(30)
            var cached = false
            while !cached, ContinuousClock.now < deadline {
                cached = (try? await harness.cache.fileContents(project: ReviewHarness.projectID, revision: harness.headSHA, path: "src/app.py")) != nil
                if !cached { try await Task.sleep(for: .milliseconds(50)) }
            }
            #expect(cached, "the head was fetched before any worker asked for it")
        }
        await harness.gitServer.clearRequests()

        let worktree = try await harness.cache.leaseWorktree(
            project: ReviewHarness.projectID,
            remoteURL: try await harness.gitServer.url(for: "acme/app.git"),
            credential: GitCredential(token: Secret(ReviewHarness.token)),
            sha: harness.headSHA,
            fetchRefs: ["refs/merge-requests/\(ReviewHarness.iid)/head"]
        )
        #expect(FileManager.default.contents(atPath: worktree.path + "/src/app.py") == Data(ReviewHarness.headFile.utf8))
        #expect(await harness.gitServer.requests().isEmpty, "the job's fetch was a no-op")
    }

    @Test("an accepted GitHub delivery fetches the head with the installation's token into GitHub's cache; the lease fetches nothing")
    func prewarmsGitHubOnReceipt() async throws {
        let harness = try await GitHubReviewHarness.start(script: [])
        defer { Task { await harness.stop() } }
        let requests = PrewarmRequests()
        let prewarmer = RepositoryPrewarmer(
            requests: requests,
            forge: UnconfiguredForge(name: "GitLab"),
            repositories: harness.cache,
            credential: nil,
            github: harness.connector,
            logger: harness.logger
        )
        // No worker: only the pre-warmer can have fetched the head.
        let app = ReviewBotServer.buildApplication(
            settings: ReviewBotServer.Settings(
                host: "127.0.0.1", port: 0, webhook: nil,
                githubWebhook: GitHubWebhookReceiver.Settings(
                    webhookSecret: Secret(GitHubReviewHarness.webhookSecret), maxBodyBytes: 1 << 20, botLogin: GitHubReviewHarness.botLogin
                ),
                sandboxMode: .default
            ),
            store: harness.store,
            services: [prewarmer],
            prewarm: requests,
            logger: harness.logger
        )
        let github = harness.connector.repositories
        try await app.test(.live) { client in
            let payload = try #require(ScriptedJSON.parse(try GitHubWebhookEndToEndTests.opened(head: harness.headSHA)))
            let signed = harness.github.delivery(event: "pull_request", payload: payload, deliveryID: "prewarm-1", secret: GitHubReviewHarness.webhookSecret)
            var headers = HTTPFields()
            for (name, value) in signed.headers { headers[try #require(HTTPField.Name(name))] = value }
            let response = try await client.execute(uri: "/webhooks/github", method: .post, headers: headers, body: ByteBuffer(bytes: signed.body))
            #expect(response.status == .accepted)
            let deadline = ContinuousClock.now + .seconds(30)
            var cached = false
            while !cached, ContinuousClock.now < deadline {
                cached = (try? await github.fileContents(project: GitHubReviewHarness.repositoryID, revision: harness.headSHA, path: "src/app.py")) != nil
                if !cached { try await Task.sleep(for: .milliseconds(50)) }
            }
            #expect(cached, "the head was fetched before any worker asked for it")
        }
        let gitlabCached = try? await harness.cache.fileContents(project: GitHubReviewHarness.repositoryID, revision: harness.headSHA, path: "src/app.py")
        #expect(gitlabCached == nil, "GitHub's repositories have a cache of their own")
        await harness.gitServer.clearRequests()

        let repository = GitHubRepositoryRef(owner: "acme", name: "app", installationID: GitHubReviewHarness.installationID)
        let worktree = try await github.leaseWorktree(
            project: GitHubReviewHarness.repositoryID,
            remoteURL: try await harness.gitServer.url(for: "acme/app.git"),
            credential: GitCredential(token: try await harness.connector.client.gitToken(for: repository), username: "x-access-token"),
            sha: harness.headSHA,
            fetchRefs: ["refs/pull/\(GitHubReviewHarness.number)/head"]
        )
        #expect(FileManager.default.contents(atPath: worktree.path + "/src/app.py") == Data(ReviewHarness.headFile.utf8))
        #expect(await harness.gitServer.requests().isEmpty, "the job's fetch was a no-op")
    }
}
