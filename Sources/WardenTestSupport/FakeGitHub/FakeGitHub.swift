import Crypto
public import Foundation
import HTTPTypes
import Hummingbird
public import Logging
import NIOCore
public import _CryptoExtras

/// An in-process GitHub REST API that enforces the real API's rules, for testing the GitHub client end to end.
///
/// It listens on 127.0.0.1 (a free port) and implements the routes of ``FakeGitHubRoute``:
/// - authentication: a GitHub App's RS256 JWT (signature checked against ``appPublicKey``, `iss` the App's id,
///   `iat` not in the future, `exp` after now and at most ten minutes after `iat`) buys installation tokens at
///   `POST /app/installations/{id}/access_tokens`; those tokens expire (``tokenLifetime``, or at once with
///   ``expireInstallationTokens()``) and only open their installation's repositories; a personal token opens all;
///   anything else is 401 `Bad credentials`;
/// - lists are paginated (`per_page` up to 100, `page`) with a `Link` header;
/// - a review is all-or-nothing: every comment's `line`/`side` (and `start_line`/`start_side`) must be in the diff
///   (`RIGHT` added or context, `LEFT` removed or context, a range within one hunk), else 422 with GitHub's message
///   and nothing is stored;
/// - replies go only to top-level review comments (a reply to a reply is 422);
/// - ``failNext(_:_:with:)`` makes a route answer with a primary or secondary rate limit or a 5xx.
public actor FakeGitHub {
    private static let maximumBodySize = 16 * 1024 * 1024

    /// The App's id every JWT must name, when the fake plays an App's GitHub.
    public nonisolated let appID: Int
    /// The key JWTs must be signed with.
    public nonisolated let appPublicKey: _RSA.Signing.PublicKey?
    /// A personal token that opens every repository, when set.
    public nonisolated let personalToken: String?
    /// The login of the bot (the App's `<slug>[bot]`, or the token's user); it authors what the API creates.
    public nonisolated let botLogin: String
    /// How long an installation token lives.
    public var tokenLifetime: Duration

    struct RepositoryRecord {
        var id: Int
        var fullName: String
        var installationID: Int
        var repositoryPath: String
        var cloneURL: String?
        var defaultBranch: String
    }

    struct PullRequestRecord {
        var repositoryID: Int
        var number: Int
        var title: String
        var body: String
        var authorLogin: String
        var headRef: String
        var baseRef: String
        var headSHA: String
        /// The merge base, where the diff starts.
        var baseSHA: String
        /// The base branch's tip, which GitHub reports as `base.sha`.
        var baseTip = ""
        var draft: Bool
        var files: [FakeGitHubDiffFile]
        var issueCommentIDs: [Int] = []
        var reviewCommentIDs: [Int] = []
        var reviewIDs: [Int] = []
        var createdAt = Date()
        var open = true
    }

    struct IssueRecord {
        var repositoryID: Int
        var number: Int
        var title: String
        var body: String
        var labels: [String]
        var open: Bool
        var commentIDs: [Int] = []
    }

    struct InstallationTokenRecord {
        var installationID: Int
        var expiresAt: Double
    }

    var repositories: [String: RepositoryRecord] = [:]
    var pullRequests: [String: PullRequestRecord] = [:]
    var issues: [String: IssueRecord] = [:]
    var comments: [Int: FakeGitHubComment] = [:]
    var reviews: [Int: FakeGitHubReview] = [:]
    var installationTokens: [String: InstallationTokenRecord] = [:]
    var permissions: [String: String] = [:]
    var userIDs: [String: Int] = [:]
    var refusedAnchors: Set<String> = []
    var dependabotAlerts: [Int: [FakeDependabotAlert]] = [:]
    var dependabotDisabled: Set<Int> = []
    var nextID = 7001
    var failures: [FakeGitHubRoute: [FakeGitHubFailure]] = [:]
    var recorded: [FakeGitHubCall] = []
    /// Installation tokens minted so far, per installation.
    public internal(set) var mintedTokenCount: [Int: Int] = [:]
    private var server: LoopbackServer?
    private let logger: Logger

    /// A fake GitHub.
    /// - Parameters:
    ///   - appID: the App's id JWTs must carry.
    ///   - appPublicKey: the App's public key, or `nil` when only ``personalToken`` authenticates.
    ///   - personalToken: a token accepted for every repository, or `nil`.
    ///   - botLogin: who the credentials belong to.
    ///   - tokenLifetime: how long installation tokens live (GitHub: one hour).
    public init(
        appID: Int = 4242,
        appPublicKey: _RSA.Signing.PublicKey? = nil,
        personalToken: String? = nil,
        botLogin: String = "warden-bot[bot]",
        tokenLifetime: Duration = .seconds(3600),
        logger: Logger? = nil
    ) {
        self.appID = appID
        self.appPublicKey = appPublicKey
        self.personalToken = personalToken
        self.botLogin = botLogin
        self.tokenLifetime = tokenLifetime
        if let logger {
            self.logger = logger
        } else {
            var logger = Logger(label: "warden.test.fake-github")
            logger.logLevel = .warning
            self.logger = logger
        }
    }

    // MARK: Lifecycle

    /// The API's base URL (`http://127.0.0.1:<port>`), or `nil` when not running.
    public var apiURL: URL? { server.flatMap { URL(string: "http://127.0.0.1:\($0.port)") } }

    /// Starts listening on 127.0.0.1 at a port the system picks.
    /// - Returns: the API's base URL.
    /// - Throws: ``TestSupportError`` when the server cannot start.
    public func start() async throws -> URL {
        if let apiURL { return apiURL }
        let server = try await LoopbackServer.start(logger: logger) { [self] request in try await self.respond(to: request) }
        self.server = server
        guard let apiURL else { throw TestSupportError.serverFailedToStart(reason: "port \(server.port) gives no URL") }
        return apiURL
    }

    /// Stops the server; stored data stays.
    public func stop() async {
        guard let server else { return }
        await server.stop()
        self.server = nil
    }

    // MARK: Test set-up

    /// Adds a repository backed by a git repository on disk, reachable through installation `installationID`.
    public func addRepository(
        id: Int, fullName: String, installationID: Int, repositoryPath: String, cloneURL: String? = nil, defaultBranch: String = "main"
    ) {
        repositories[fullName.lowercased()] = RepositoryRecord(
            id: id, fullName: fullName, installationID: installationID, repositoryPath: repositoryPath, cloneURL: cloneURL,
            defaultBranch: defaultBranch
        )
    }

    /// Opens a pull request and computes its diff (merge base of `baseRef` and `headRef` to `headRef`) from the
    /// repository.
    /// - Returns: the head commit.
    /// - Throws: ``FakeGitHubError`` for an unknown repository, or the failing git command's error.
    @discardableResult
    public func openPullRequest(
        repository fullName: String, number: Int, headRef: String, baseRef: String, title: String, body: String = "",
        authorLogin: String = "octocat", draft: Bool = false, createdAt: Date = Date(), open: Bool = true
    ) async throws -> String {
        guard let repository = repositories[fullName.lowercased()] else { throw FakeGitHubError.unknownRepository(fullName) }
        var record = PullRequestRecord(
            repositoryID: repository.id, number: number, title: title, body: body, authorLogin: authorLogin, headRef: headRef,
            baseRef: baseRef, headSHA: "", baseSHA: "", draft: draft, files: [], createdAt: createdAt, open: open
        )
        try await computeDiff(&record, repositoryPath: repository.repositoryPath)
        pullRequests[Self.key(fullName, number)] = record
        return record.headSHA
    }

    /// Recomputes a pull request's diff after a push to its head branch.
    /// - Returns: the new head commit.
    /// - Throws: ``FakeGitHubError`` for an unknown pull request, or the failing git command's error.
    @discardableResult
    public func pushed(repository fullName: String, number: Int) async throws -> String {
        guard var record = pullRequests[Self.key(fullName, number)], let repository = repositories[fullName.lowercased()] else {
            throw FakeGitHubError.unknownPullRequest(repository: fullName, number: number)
        }
        try await computeDiff(&record, repositoryPath: repository.repositoryPath)
        pullRequests[Self.key(fullName, number)] = record
        return record.headSHA
    }

    /// Opens an issue (numbers are shared with pull requests on GitHub: pick one no pull request has).
    public func addIssue(repository fullName: String, number: Int, title: String, body: String = "", labels: [String] = [], open: Bool = true) {
        guard let repository = repositories[fullName.lowercased()] else { return }
        issues[Self.key(fullName, number)] = IssueRecord(repositoryID: repository.id, number: number, title: title, body: body, labels: labels, open: open)
    }

    /// Adds Dependabot alerts to a repository (served by `GET …/dependabot/alerts`).
    public func addDependabotAlerts(repository fullName: String, _ alerts: [FakeDependabotAlert]) {
        guard let repository = repositories[fullName.lowercased()] else { return }
        dependabotAlerts[repository.id, default: []] += alerts
    }

    /// Turns Dependabot alerts off for a repository: GitHub then answers the alert list with 403.
    public func disableDependabotAlerts(repository fullName: String) {
        guard let repository = repositories[fullName.lowercased()] else { return }
        dependabotDisabled.insert(repository.id)
    }

    /// The pull requests of a repository, by number.
    public func storedPullRequests(repository fullName: String) -> [FakeGitHubPullRequestSummary] {
        guard let repository = repositories[fullName.lowercased()] else { return [] }
        return pullRequests.values.filter { $0.repositoryID == repository.id }.sorted { $0.number < $1.number }.map {
            FakeGitHubPullRequestSummary(
                number: $0.number, title: $0.title, body: $0.body, draft: $0.draft, headRef: $0.headRef, baseRef: $0.baseRef, authorLogin: $0.authorLogin
            )
        }
    }

    /// Writes a comment by a person: on the conversation, or (with `path` and `line`) on a diff line, or (with
    /// `inReplyTo`) as a reply in a review thread.
    /// - Returns: the comment's id.
    public func addComment(
        repository fullName: String, number: Int, body: String, authorLogin: String, path: String? = nil, line: Int? = nil,
        side: String = "RIGHT", inReplyTo: Int? = nil
    ) -> Int {
        let id = takeID()
        let isReview = path != nil || inReplyTo != nil
        let parent = inReplyTo.flatMap { comments[$0] }
        comments[id] = FakeGitHubComment(
            id: id, body: body, authorLogin: authorLogin, path: path ?? parent?.path, line: line ?? parent?.line,
            side: isReview ? (parent?.side ?? side) : nil, startLine: nil, inReplyToID: inReplyTo, reviewID: nil, reactions: []
        )
        if isReview {
            pullRequests[Self.key(fullName, number)]?.reviewCommentIDs.append(id)
        } else {
            pullRequests[Self.key(fullName, number)]?.issueCommentIDs.append(id)
        }
        return id
    }

    /// Leaves a pending review of `authorLogin` (the bot unless given) with one comment on `path` at `line`, as a
    /// process that died in the middle of a publication would.
    /// - Returns: the review's id.
    /// - Throws: ``FakeGitHubError`` for an unknown pull request.
    @discardableResult
    public func addPendingReview(repository fullName: String, number: Int, path: String, line: Int, authorLogin: String? = nil) throws -> Int {
        let pullKey = Self.key(fullName, number)
        guard let record = pullRequests[pullKey] else { throw FakeGitHubError.unknownPullRequest(repository: fullName, number: number) }
        let author = authorLogin ?? botLogin
        let reviewID = takeID()
        let comment = FakeGitHubComment(
            id: takeID(), body: "trial", authorLogin: author, path: path, line: line, side: "RIGHT", startLine: nil, inReplyToID: nil, reviewID: reviewID,
            reactions: []
        )
        comments[comment.id] = comment
        reviews[reviewID] = FakeGitHubReview(
            id: reviewID, body: "", event: "PENDING", commitID: record.headSHA, commentIDs: [comment.id], pullKey: pullKey, authorLogin: author
        )
        pullRequests[pullKey]?.reviewIDs.append(reviewID)
        return reviewID
    }

    /// The numeric id of a login: the same for every comment of one user, and ``botUserID`` for the bot.
    public func userID(of login: String) -> Int {
        if let id = userIDs[login.lowercased()] { return id }
        let id = login.lowercased() == botLogin.lowercased() ? Self.botUserID : 100 + userIDs.count
        userIDs[login.lowercased()] = id
        return id
    }

    /// The bot's numeric id.
    public static let botUserID = 41_898_282

    /// Sets a user's permission on a repository (`admin`, `write`, `read`, …); users without one have `none`.
    public func setPermission(repository fullName: String, login: String, _ permission: String) {
        permissions["\(fullName.lowercased())|\(login.lowercased())"] = permission
    }

    /// Makes reviews refuse a comment on `path` at `line` although the diff holds it, with GitHub's 422 for a line it
    /// cannot resolve (as it does on a file whose diff is too large to show); the review bot's own check cannot see it.
    public func refuseAnchors(path: String, line: Int) {
        refusedAnchors.insert("\(path):\(line)")
    }

    /// Makes the next `count` requests to `route` answer with `failure`.
    public func failNext(_ count: Int, _ route: FakeGitHubRoute, with failure: FakeGitHubFailure) {
        failures[route, default: []] += Array(repeating: failure, count: count)
    }

    /// Makes every installation token minted so far expire now (GitHub then answers 401 `Bad credentials`).
    public func expireInstallationTokens() {
        let now = Date().timeIntervalSince1970
        for key in installationTokens.keys { installationTokens[key]?.expiresAt = now - 1 }
    }

    // MARK: Inspection

    /// Every request received so far, in order.
    public var calls: [FakeGitHubCall] { recorded }

    /// The requests that matched `route`, in order.
    public func calls(to route: FakeGitHubRoute) -> [FakeGitHubCall] { recorded.filter { $0.route == route } }

    /// The reviews of a pull request, oldest first.
    public func storedReviews(repository fullName: String, number: Int) -> [FakeGitHubReview] {
        (pullRequests[Self.key(fullName, number)]?.reviewIDs ?? []).compactMap { reviews[$0] }
    }

    /// The conversation comments of a pull request or an issue, oldest first.
    public func storedIssueComments(repository fullName: String, number: Int) -> [FakeGitHubComment] {
        let key = Self.key(fullName, number)
        return (pullRequests[key]?.issueCommentIDs ?? issues[key]?.commentIDs ?? []).compactMap { comments[$0] }
    }

    /// The review comments of a pull request (inline comments and replies), oldest first.
    public func storedReviewComments(repository fullName: String, number: Int) -> [FakeGitHubComment] {
        (pullRequests[Self.key(fullName, number)]?.reviewCommentIDs ?? []).compactMap { comments[$0] }
    }

    /// Every installation token minted so far (expired ones too), to check none was written anywhere.
    public func installationTokenValues() -> [String] { Array(installationTokens.keys) }

    /// One comment, by id.
    public func storedComment(_ id: Int) -> FakeGitHubComment? { comments[id] }

    // MARK: Internals

    static func key(_ fullName: String, _ number: Int) -> String { "\(fullName.lowercased())#\(number)" }

    func takeID() -> Int {
        defer { nextID += 1 }
        return nextID
    }

    func computeDiff(_ record: inout PullRequestRecord, repositoryPath: String) async throws {
        let head = try await GitCommand.line(["-C", repositoryPath, "rev-parse", "--verify", "refs/heads/\(record.headRef)^{commit}"])
        let baseTip = try await GitCommand.line(["-C", repositoryPath, "rev-parse", "--verify", "refs/heads/\(record.baseRef)^{commit}"])
        let base = try await GitCommand.line(["-C", repositoryPath, "merge-base", baseTip, head])
        let output = try await GitCommand.run(["-C", repositoryPath, "diff", "--no-color", "--no-ext-diff", "--full-index", "--find-renames", base, head])
        _ = try await GitCommand.run(["-C", repositoryPath, "update-ref", "refs/pull/\(record.number)/head", head])
        record.headSHA = head
        record.baseSHA = base
        record.baseTip = baseTip
        record.files = FakeDiffFile.parse(gitDiff: output).map(FakeGitHubDiffFile.init)
    }

    private nonisolated func respond(to request: Request) async throws -> Response {
        var headers: [String: String] = [:]
        for field in request.headers {
            headers[field.name.canonicalName] = field.value
        }
        let body = Data(try await request.body.collect(upTo: Self.maximumBodySize).readableBytesView)
        // HTTPTypes carries `Host` as the request's authority, not as a header field.
        headers["host"] = request.head.authority ?? headers["host"]
        let served = await serve(method: request.method.rawValue, path: request.uri.path, rawQuery: request.uri.query, headers: headers, body: body)
        var fields: HTTPFields = [:]
        for (name, value) in served.headers {
            if let name = HTTPField.Name(name) { fields[name] = value }
        }
        return Response(status: HTTPResponse.Status(code: served.status), headers: fields, body: ResponseBody(byteBuffer: ByteBuffer(string: served.body)))
    }
}

extension FakeGitHub {
    /// Whether git over HTTP accepts these basic-authentication credentials for the repository at `repositoryPath`:
    /// the user `x-access-token` with an unexpired installation token of the repository's installation, or the
    /// personal token. Give it to ``GitHTTPServer/init(root:authorize:logger:)``.
    public func acceptsGitCredentials(user: String, password: String) -> Bool {
        guard user == "x-access-token" else { return false }
        if let personalToken, password == personalToken { return true }
        guard let record = installationTokens[password] else { return false }
        return record.expiresAt > Date().timeIntervalSince1970
    }

    /// A webhook delivery as GitHub sends it: the JSON body and the headers `X-GitHub-Event`, `X-GitHub-Delivery`
    /// and `X-Hub-Signature-256` (HMAC-SHA256 of the body under `secret`, hex, `sha256=` prefix).
    /// - Parameters:
    ///   - event: the event's name (`pull_request`, `issue_comment`, …).
    ///   - payload: the body.
    ///   - deliveryID: the delivery's GUID; a redelivery reuses it.
    ///   - secret: the hook's secret.
    public nonisolated func delivery(event: String, payload: ScriptedJSON, deliveryID: String, secret: String) -> (headers: [String: String], body: Data) {
        let body = Data(payload.serialized.utf8)
        let code = HMAC<SHA256>.authenticationCode(for: body, using: SymmetricKey(data: Data(secret.utf8)))
        let hex = code.map { String(format: "%02x", $0) }.joined()
        return (
            ["X-GitHub-Event": event, "X-GitHub-Delivery": deliveryID, "X-Hub-Signature-256": "sha256=" + hex, "Content-Type": "application/json"],
            body
        )
    }
}
