import Codex
import Forge
import Foundation
import Git
import Logging
import Store
import Testing
import WardenCore
import _CryptoExtras

@testable import ReviewBot
@testable import WardenTestSupport

/// One end-to-end world on GitHub: a fake GitHub (an App's installation) whose pull request comes from a real
/// repository served over git's HTTP protocol behind installation tokens (`x-access-token`), a scripted model behind
/// the real codex binary, a store and a repository cache in a fresh data directory, and the review pipeline composed
/// as `warden serve` composes it for a GitHub job.
///
/// The files are ``ReviewHarness``'s: the head removes line 5 of `src/app.py` and adds a division by zero as line 7.
struct GitHubReviewHarness {
    static let repositoryID = 77_001
    static let fullName = "acme/app"
    static let installationID = 5
    static let number = 1
    static let appID = 4242
    static let botLogin = "warden-bot[bot]"
    static let human = "alice"
    static let webhookSecret = "ghwhsec-e2e-31c9a70f"
    /// A token in the parent environment of codex, which must never reach the model.
    static let environmentToken = "ghp_e2e_environment_canary_0c1d"

    let data: TestDataDirectory
    let serverRoot: TestDataDirectory
    let gitServer: GitHTTPServer
    let repository: TestRepository
    let github: FakeGitHub
    let apiURL: String
    let key: _RSA.Signing.PrivateKey
    let model: ScriptedModelServer
    let home: TestCodexHome
    let store: any JobQueue & ReviewStore & ThreadStore & RemediationStore
    let storage: TestStore.Opened
    let cache: RepositoryCache
    let connector: GitHubConnector
    /// The merge base of the pull request.
    let baseSHA: String
    let headSHA: String
    let logger: Logger

    static func start(script: [ModelTurn], store storeKind: TestStore = .sqlite) async throws -> GitHubReviewHarness {
        var logger = Logger(label: "warden.review.github-test")
        logger.logLevel = .warning
        let data = try TestDataDirectory()
        let serverRoot = try TestDataDirectory()
        let key = try _RSA.Signing.PrivateKey(keySize: .bits2048)
        let github = FakeGitHub(appID: appID, appPublicKey: key.publicKey, botLogin: botLogin)
        let apiURL = try await github.start().absoluteString
        let gitServer = GitHTTPServer(root: serverRoot.path, authorize: { user, password in await github.acceptsGitCredentials(user: user, password: password) })
        _ = try await gitServer.start()
        let repository = try await TestRepository.create(in: serverRoot.path, name: "acme/app.git")
        let base = try await repository.commit(
            on: "main", files: ["src/app.py": ReviewHarness.baseFile, ".warden/review.md": ReviewHarness.targetInstructions + "\n"], message: "base"
        )
        let hostile = HostileRepositoryFiles.files(marker: data.path + "/hostile-ran")
        _ = try await repository.commit(
            on: "feature",
            files: hostile.merging(["src/app.py": ReviewHarness.headFile, ".warden/review.md": ReviewHarness.sourceInstructions + "\n"]) { $1 },
            message: "feature",
            parent: base
        )
        await github.addRepository(
            id: repositoryID, fullName: fullName, installationID: installationID, repositoryPath: repository.path,
            cloneURL: try await gitServer.url(for: "acme/app.git")
        )
        await github.setPermission(repository: fullName, login: human, "write")
        let head = try await github.openPullRequest(
            repository: fullName, number: number, headRef: "feature", baseRef: "main", title: "Add the canary value",
            body: "Adds a value. \(ReviewHarness.descriptionCanary)", authorLogin: human
        )
        let model = ScriptedModelServer(script: script)
        let home = try TestCodexHome(modelServerPort: try await model.start())
        try FileManager.default.createDirectory(atPath: home.root + "/runs", withIntermediateDirectories: true)
        let storage = try storeKind.open(
            dataDirectory: data,
            configuration: QueueConfiguration(QueueSettings(maxAttempts: 3), backoffBase: .milliseconds(10), backoffCap: .milliseconds(10))
        )
        let client = GitHubClient(apiURL: apiURL, authentication: .app(id: appID, privateKey: key), logger: logger)
        return GitHubReviewHarness(
            data: data, serverRoot: serverRoot, gitServer: gitServer, repository: repository, github: github, apiURL: apiURL, key: key,
            model: model, home: home, store: storage.store, storage: storage, cache: RepositoryCache(root: data.path),
            connector: GitHubConnector(client: client, botLogin: botLogin, repositories: RepositoryCache(root: data.path + "/github")), baseSHA: base, headSHA: head, logger: logger
        )
    }

    func stop() async {
        await model.stop()
        await github.stop()
        await gitServer.stop()
        try? home.remove()
        data.remove()
        serverRoot.remove()
        storage.remove()
    }

    // MARK: Composition

    /// The process's dependencies: no GitLab, GitHub through ``connector``, codex with a token in its parent environment.
    func baseDependencies() throws -> ReviewDependencies {
        ReviewDependencies(
            forge: UnconfiguredForge(name: "GitLab"),
            repositories: cache,
            gitCredential: nil,
            codex: ExecRunner(
                executable: try CodexBinary.path(),
                arguments: CodexArguments(model: "gpt-5.5"),
                parentEnvironment: home.environment().merging(
                    ["WARDEN_GITHUB_TOKEN": Self.environmentToken, "WARDEN_GITHUB_WEBHOOK_SECRET": Self.webhookSecret]
                ) { _, extra in extra },
                temporaryDirectory: home.root + "/runs"
            ),
            codexTimeout: .seconds(120),
            reviews: store,
            threads: store,
            bot: BotIdentity(username: "", userID: UnconfiguredForge.noUser),
            logger: logger,
            github: connector
        )
    }

    /// A job's dependencies on the repository, as a webhook names it (with its installation).
    func dependencies() async throws -> ReviewDependencies {
        try await connector.dependencies(
            from: try baseDependencies(),
            repository: GitHubRepositoryRef(owner: "acme", name: "app", installationID: Self.installationID),
            repositoryID: Self.repositoryID
        )
    }

    /// Reviews the pull request's current head.
    @discardableResult
    func review() async throws -> ReviewReport {
        try await MergeRequestReviewer(dependencies: try await dependencies()).review(
            MergeRequestReviewer.Request(projectID: Self.repositoryID, iid: Self.number)
        )
    }

    /// Answers a comment that mentions the bot: in a review thread (`threadID` its top-level comment) or, with `nil`,
    /// in the conversation.
    func answer(commentID: Int, threadID: Int?) async throws -> (discussionID: DiscussionID, threadID: ThreadID)? {
        try await FollowUpResponder(dependencies: try await dependencies()).answer(
            FollowUpResponder.Request(
                projectID: Self.repositoryID, iid: Self.number, noteID: commentID, discussionID: threadID.map(String.init), position: nil
            )
        )
    }

    // MARK: Reading

    /// The `POST /v1/responses` requests the model server received.
    func modelRequests() async -> [RecordedRequest] {
        await model.requests.filter { $0.method == "POST" && $0.path.hasSuffix("/responses") }
    }

    /// The bot's conversation comments carrying a status marker.
    func statusComments() async -> [FakeGitHubComment] {
        await github.storedIssueComments(repository: Self.fullName, number: Self.number).filter {
            $0.authorLogin == Self.botLogin && StatusMarker(markerIn: $0.body) != nil
        }
    }

    /// The submitted reviews (pending ones excluded).
    func reviews() async -> [FakeGitHubReview] {
        await github.storedReviews(repository: Self.fullName, number: Self.number).filter { $0.event != "PENDING" }
    }

    /// The review comments of the pull request.
    func reviewComments() async -> [FakeGitHubComment] {
        await github.storedReviewComments(repository: Self.fullName, number: Self.number)
    }
}

/// A line a review comment sits on.
struct GitHubLine: Hashable, CustomStringConvertible {
    var path: String
    var line: Int
    var side: String

    init(_ comment: FakeGitHubComment) {
        self.init(path: comment.path ?? "", line: comment.line ?? 0, side: comment.side ?? "")
    }

    init(path: String, line: Int, side: String) {
        self.path = path
        self.line = line
        self.side = side
    }

    var description: String { "\(path):\(line) \(side)" }
}
