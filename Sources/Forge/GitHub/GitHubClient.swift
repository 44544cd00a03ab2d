import _CryptoExtras
public import AsyncHTTPClient
import Foundation
public import Logging
import NIOCore
import NIOHTTP1
public import WardenCore

/// The GitHub REST API client (github.com and GitHub Enterprise Server), authenticated with a token or as a GitHub App.
///
/// It waits out GitHub's primary and secondary rate limits and retries 5xx within its ``RetryPolicy``; an App's
/// installation token is cached until shortly before it expires and minted again once when GitHub answers 401;
/// lists are read 100 items a page following `Link: rel="next"`. A 401 that survives that is an
/// ``ForgeError/isAuthentication`` failure (the worker pauses the queue, as for GitLab); a 403 that is not a rate
/// limit is ``ForgeError/isForbidden`` (that job fails). Tokens go only into the request header.
public struct GitHubClient: Sendable {
    private static let maximumPages = 1000

    /// The REST API's base URL, without a trailing slash.
    public let apiURL: String
    private let authentication: GitHubAuthentication
    private let tokenCache: GitHubTokenCache
    private let outputFilter: OutputFilter
    private let transport: ForgeTransport

    /// Creates a client.
    /// - Parameters:
    ///   - apiURL: `https://api.github.com`, or `https://<host>/api/v3` for GitHub Enterprise Server.
    ///   - authentication: a token or a GitHub App.
    ///   - tokenCache: installation tokens shared by every client of the same App.
    ///   - httpClient: the HTTP client to send with.
    ///   - retryPolicy: how often and how long to retry.
    ///   - clock: what waits and token expiry use; tests pass one that does not sleep.
    ///   - requestTimeout: the deadline of one attempt.
    ///   - outputFilter: applied to every text the client posts.
    ///   - logger: where retries and failures are logged (`warden.forge`).
    public init(
        apiURL: String,
        authentication: GitHubAuthentication,
        tokenCache: GitHubTokenCache = GitHubTokenCache(),
        httpClient: HTTPClient = .shared,
        retryPolicy: RetryPolicy = RetryPolicy(),
        clock: any ForgeClock = SystemForgeClock(),
        requestTimeout: Duration = .seconds(30),
        outputFilter: OutputFilter = .none,
        logger: Logger = Logger(label: "warden.forge")
    ) {
        var base = Substring(apiURL)
        while base.hasSuffix("/") { base = base.dropLast() }
        self.apiURL = String(base)
        self.authentication = authentication
        self.tokenCache = tokenCache
        self.outputFilter = outputFilter
        self.transport = ForgeTransport(httpClient: httpClient, retryPolicy: retryPolicy, clock: clock, requestTimeout: requestTimeout, logger: logger)
    }

    // MARK: Repositories and pull requests

    /// Reads a repository's metadata.
    /// - Throws: ``ForgeError``.
    public func repository(_ repository: GitHubRepositoryRef) async throws -> GitHubRepository {
        let path = repository.apiPath
        let payload = try await get(repository, path, as: GitHubPayload.Repository.self)
        guard let id = payload.id, let fullName = payload.fullName, let cloneURL = payload.cloneURL else {
            throw ForgeError.decoding(operation: "GET \(path)", reason: "id, full_name or clone_url is missing")
        }
        return GitHubRepository(id: id, fullName: fullName, defaultBranch: payload.defaultBranch, cloneURL: cloneURL, webURL: payload.htmlURL ?? "")
    }

    /// Reads a user by login (`GET /users/{login}`), for the bot's own numeric id.
    /// - Parameter repository: the repository whose credentials ask (an App's installation token can read users).
    /// - Throws: ``ForgeError``.
    public func user(login: String, via repository: GitHubRepositoryRef) async throws -> ForgeUser {
        let user = try await get(repository, "/users/\(ProjectRef.percentEncoded(login))", as: GitHubPayload.User.self)
        return ForgeUser(id: user.id, username: user.login)
    }

    /// The merge base of two commits (`GET …/compare/{base}...{head}`): where a pull request's diff starts.
    /// - Throws: ``ForgeError``.
    public func mergeBase(_ repository: GitHubRepositoryRef, base: String, head: String) async throws -> String {
        let path = "\(repository.apiPath)/compare/\(ProjectRef.percentEncoded(base))...\(ProjectRef.percentEncoded(head))"
        return try await get(repository, path, as: GitHubPayload.Comparison.self).mergeBaseCommit.sha
    }

    /// Reads a pull request.
    /// - Throws: ``ForgeError``.
    public func pullRequest(_ repository: GitHubRepositoryRef, number: Int) async throws -> GitHubPullRequest {
        try await get(repository, "\(repository.apiPath)/pulls/\(number)", as: GitHubPayload.PullRequest.self).model
    }

    /// Reads the changed files of a pull request with their patches, across all pages.
    /// - Throws: ``ForgeError``.
    public func pullRequestFiles(_ repository: GitHubRepositoryRef, number: Int) async throws -> [FileDiff] {
        try await getAllPages(repository, "\(repository.apiPath)/pulls/\(number)/files", as: GitHubPayload.File.self).map(\.model)
    }

    /// Opens a pull request from `sourceBranch` into `targetBranch` (a draft when the request says so).
    /// - Throws: ``ForgeError``; 422 when the head branch is missing or an open pull request already has it.
    public func createPullRequest(_ repository: GitHubRepositoryRef, _ request: NewMergeRequest) async throws -> GitHubPullRequest {
        let body = GitHubRequestBody.PullRequest(
            title: outputFilter.redact(request.title), body: outputFilter.redact(request.description), head: request.sourceBranch,
            base: request.targetBranch, draft: request.draft
        )
        let path = "\(repository.apiPath)/pulls"
        let answer = try await execute(repository, .POST, path, body: try encode(body))
        return try decode(GitHubPayload.PullRequest.self, from: answer.body, operation: "POST \(path)").model
    }

    /// The open issues carrying `label`, across all pages; pull requests (which GitHub lists as issues too) are left out.
    /// - Throws: ``ForgeError``.
    public func openIssues(_ repository: GitHubRepositoryRef, label: String) async throws -> [Issue] {
        let path = "\(repository.apiPath)/issues?state=open&labels=\(ProjectRef.percentEncoded(label))"
        return try await getAllPages(repository, path, as: GitHubPayload.IssueItem.self).filter { $0.pullRequest == nil }.map(\.model)
    }

    /// The user's permission on the repository: `admin`, `maintain`, `write`, `triage`, `read` or `none`.
    /// - Throws: ``ForgeError``.
    public func permission(_ repository: GitHubRepositoryRef, login: String) async throws -> String {
        let path = "\(repository.apiPath)/collaborators/\(ProjectRef.percentEncoded(login))/permission"
        do {
            return try await get(repository, path, as: GitHubPayload.Permission.self).permission
        } catch let error as ForgeError where error.isNotFound {
            return "none"
        }
    }

    // MARK: Comments and reviews

    /// Reads every conversation comment of a pull request.
    /// - Throws: ``ForgeError``.
    public func issueComments(_ repository: GitHubRepositoryRef, number: Int) async throws -> [GitHubComment] {
        try await getAllPages(repository, "\(repository.apiPath)/issues/\(number)/comments", as: GitHubPayload.Comment.self).map(\.model)
    }

    /// Writes a conversation comment (the status comment, or an answer to a mention).
    /// - Throws: ``ForgeError``.
    public func createIssueComment(_ repository: GitHubRepositoryRef, number: Int, body: String) async throws -> GitHubComment {
        try await send(repository, .POST, "\(repository.apiPath)/issues/\(number)/comments", body: GitHubRequestBody.Body(body: outputFilter.redact(body)))
    }

    /// Reads one conversation comment.
    /// - Throws: ``ForgeError``.
    public func issueComment(_ repository: GitHubRepositoryRef, commentID: Int) async throws -> GitHubComment {
        try await get(repository, "\(repository.apiPath)/issues/comments/\(commentID)", as: GitHubPayload.Comment.self).model
    }

    /// Replaces a conversation comment's text (the status comment, edited in place).
    /// - Throws: ``ForgeError``.
    public func editIssueComment(_ repository: GitHubRepositoryRef, commentID: Int, body: String) async throws -> GitHubComment {
        try await send(repository, .PATCH, "\(repository.apiPath)/issues/comments/\(commentID)", body: GitHubRequestBody.Body(body: outputFilter.redact(body)))
    }

    /// Reads every review comment of a pull request (inline comments and their replies).
    /// - Throws: ``ForgeError``.
    public func reviewComments(_ repository: GitHubRepositoryRef, number: Int) async throws -> [GitHubComment] {
        try await getAllPages(repository, "\(repository.apiPath)/pulls/\(number)/comments", as: GitHubPayload.Comment.self).map(\.model)
    }

    /// Reads one review comment.
    /// - Throws: ``ForgeError``.
    public func reviewComment(_ repository: GitHubRepositoryRef, commentID: Int) async throws -> GitHubComment {
        try await get(repository, "\(repository.apiPath)/pulls/comments/\(commentID)", as: GitHubPayload.Comment.self).model
    }

    /// Creates one review with all its inline comments at once (`event: COMMENT`): one notification.
    /// - Returns: the review's id.
    /// - Throws: ``ForgeError``; one with ``ForgeError/isInvalidPosition`` when GitHub refused an anchor (422), without
    ///   saying which.
    public func createReview(_ repository: GitHubRepositoryRef, number: Int, _ review: GitHubNewReview) async throws -> Int {
        try await createReview(repository, number: number, review, event: "COMMENT")
    }

    /// Creates a pending review (no `event`): GitHub validates every anchor as for ``createReview(_:number:_:)`` but
    /// shows the review to its author only, so a refused set of anchors can be narrowed down without notifying anyone.
    /// Delete it with ``deletePendingReview(_:number:reviewID:)``; a user has at most one pending review per pull request.
    /// - Returns: the pending review's id.
    /// - Throws: ``ForgeError``, as ``createReview(_:number:_:)``.
    public func createPendingReview(_ repository: GitHubRepositoryRef, number: Int, _ review: GitHubNewReview) async throws -> Int {
        try await createReview(repository, number: number, review, event: nil)
    }

    /// Lists a pull request's reviews: the submitted ones and the caller's own pending one, if any.
    /// - Throws: ``ForgeError``.
    public func reviews(_ repository: GitHubRepositoryRef, number: Int) async throws -> [GitHubReview] {
        try await getAllPages(repository, "\(repository.apiPath)/pulls/\(number)/reviews", as: GitHubPayload.ReviewSummary.self).map(\.model)
    }

    /// Deletes a pending review.
    /// - Throws: ``ForgeError``.
    public func deletePendingReview(_ repository: GitHubRepositoryRef, number: Int, reviewID: Int) async throws {
        _ = try await execute(repository, .DELETE, "\(repository.apiPath)/pulls/\(number)/reviews/\(reviewID)", body: nil)
    }

    private func createReview(_ repository: GitHubRepositoryRef, number: Int, _ review: GitHubNewReview, event: String?) async throws -> Int {
        let body = GitHubRequestBody.Review(
            commitID: review.commitID,
            body: outputFilter.redact(review.body),
            event: event,
            comments: review.comments.map { comment in
                GitHubRequestBody.Review.Comment(
                    path: comment.anchor.path, body: outputFilter.redact(comment.body), line: comment.anchor.line,
                    side: comment.anchor.side.rawValue, startLine: comment.anchor.startLine, startSide: comment.anchor.startSide?.rawValue
                )
            }
        )
        let path = "\(repository.apiPath)/pulls/\(number)/reviews"
        let answer = try await execute(repository, .POST, path, body: try encode(body), sendsAnchors: !review.comments.isEmpty)
        return try decode(GitHubPayload.Review.self, from: answer.body, operation: "POST \(path)").id
    }

    /// Replies in a review thread; `commentID` must be the thread's top-level comment (GitHub refuses replies to replies).
    /// - Throws: ``ForgeError``.
    public func replyToReviewComment(_ repository: GitHubRepositoryRef, number: Int, commentID: Int, body: String) async throws -> GitHubComment {
        try await send(
            repository, .POST, "\(repository.apiPath)/pulls/\(number)/comments/\(commentID)/replies",
            body: GitHubRequestBody.Body(body: outputFilter.redact(body))
        )
    }

    /// Which kind of comment a reaction goes on.
    public enum CommentKind: Sendable, Hashable {
        /// A conversation comment.
        case issue
        /// A review comment.
        case review
    }

    /// Adds a reaction (`eyes`, `+1`, …) to a comment.
    /// - Throws: ``ForgeError``.
    public func addReaction(_ repository: GitHubRepositoryRef, kind: CommentKind, commentID: Int, content: String) async throws {
        let path = kind == .issue ? "\(repository.apiPath)/issues/comments/\(commentID)/reactions" : "\(repository.apiPath)/pulls/comments/\(commentID)/reactions"
        _ = try await execute(repository, .POST, path, body: try encode(GitHubRequestBody.Reaction(content: content)))
    }

    // MARK: Credentials

    /// The token to give git for `repository` (as the password of user `x-access-token`): the configured token, or
    /// the installation's.
    /// - Throws: ``ForgeError`` when an installation token cannot be minted.
    public func gitToken(for repository: GitHubRepositoryRef) async throws -> Secret {
        try await credential(for: repository).token
    }

    /// The credential of one call, and the installation it belongs to (so a 401 can discard it).
    private struct Credential {
        var token: Secret
        var installationID: Int?
    }

    private func credential(for repository: GitHubRepositoryRef) async throws -> Credential {
        switch authentication {
        case .token(let token):
            return Credential(token: token, installationID: nil)
        case .app(let appID, let privateKey):
            let installationID = try await installationID(of: repository, appID: appID, privateKey: privateKey)
            let now = transport.clock.secondsSince1970
            if let cached = await tokenCache.token(installationID: installationID, at: now) {
                return Credential(token: cached.value, installationID: installationID)
            }
            let path = "/app/installations/\(installationID)/access_tokens"
            let jwt = try appJWT(appID: appID, privateKey: privateKey)
            let answer = try await execute(nil, .POST, path, body: nil, bearer: jwt)
            let minted = try decode(GitHubPayload.InstallationToken.self, from: answer.body, operation: "POST \(path)")
            guard let expiry = Self.iso8601(minted.expiresAt) else {
                throw ForgeError.decoding(operation: "POST \(path)", reason: "expires_at is not an ISO 8601 time")
            }
            let token = GitHubInstallationToken(value: Secret(minted.token), expiresAt: expiry)
            await tokenCache.store(token, installationID: installationID)
            return Credential(token: token.value, installationID: installationID)
        }
    }

    private func installationID(of repository: GitHubRepositoryRef, appID: Int, privateKey: _RSA.Signing.PrivateKey) async throws -> Int {
        if let id = repository.installationID { return id }
        if let id = await tokenCache.installationID(of: repository.fullName) { return id }
        let path = "\(repository.apiPath)/installation"
        let answer = try await execute(nil, .GET, path, body: nil, bearer: try appJWT(appID: appID, privateKey: privateKey))
        let id = try decode(GitHubPayload.Installation.self, from: answer.body, operation: "GET \(path)").id
        await tokenCache.remember(installationID: id, of: repository.fullName)
        return id
    }

    private func appJWT(appID: Int, privateKey: _RSA.Signing.PrivateKey) throws -> Secret {
        do {
            return Secret(try GitHubAppJWT(appID: appID, secondsSince1970: transport.clock.secondsSince1970).signed(with: privateKey))
        } catch {
            throw ForgeError.authentication(operation: "signing the GitHub App JWT", status: 401, message: "the private key could not sign: \(error)")
        }
    }

    // MARK: Requests

    func get<Payload: Decodable>(_ repository: GitHubRepositoryRef, _ path: String, as type: Payload.Type) async throws -> Payload {
        let answer = try await execute(repository, .GET, path, body: nil)
        return try decode(type, from: answer.body, operation: "GET \(path)")
    }

    private func send(_ repository: GitHubRepositoryRef, _ method: HTTPMethod, _ path: String, body: some Encodable) async throws -> GitHubComment {
        let answer = try await execute(repository, method, path, body: try encode(body))
        return try decode(GitHubPayload.Comment.self, from: answer.body, operation: "\(method.rawValue) \(path)").model
    }

    /// Reads every page of a list, following `Link: rel="next"` (page numbers or cursors alike) from `per_page=100`.
    /// - Parameter isLastPage: looks at each page as it comes; `true` stops there (a list sorted newest first read back
    ///   only as far as a day).
    func getAllPages<Element: Decodable>(
        _ repository: GitHubRepositoryRef, _ path: String, as type: Element.Type, isLastPage: ([Element]) -> Bool = { _ in false }
    ) async throws -> [Element] {
        var elements: [Element] = []
        var target = path + (path.contains("?") ? "&" : "?") + "per_page=100"
        for _ in 0..<Self.maximumPages {
            let answer = try await execute(repository, .GET, target, body: nil)
            let page = try decode([Element].self, from: answer.body, operation: "GET \(path)")
            elements += page
            guard let next = answer.next, !isLastPage(page) else { return elements }
            // GitHub's links are absolute; only ones on the API's own origin are followed, so no token leaves it.
            guard next.hasPrefix(apiURL + "/") else {
                throw ForgeError.rejected(operation: "GET \(path)", status: 200, message: "the next page is not on \(apiURL)")
            }
            target = String(next.dropFirst(apiURL.count))
        }
        throw ForgeError.rejected(operation: "GET \(path)", status: 200, message: "more than \(Self.maximumPages) pages")
    }

    private func encode(_ body: some Encodable) throws -> Data {
        try ForgeHTTP.encode(body, operation: "encoding a request")
    }

    private func decode<Payload: Decodable>(_ type: Payload.Type, from body: Data, operation: String) throws -> Payload {
        try ForgeHTTP.decode(type, from: body, operation: operation)
    }

    private struct Answer {
        var body: Data
        var next: String?
    }

    /// Sends a call authenticated for `repository` (or with `bearer`, the App's JWT), retrying rate limits, 5xx, and
    /// one 401 of an installation token with a fresh token.
    private func execute(
        _ repository: GitHubRepositoryRef?,
        _ method: HTTPMethod,
        _ path: String,
        body: Data?,
        bearer: Secret? = nil,
        sendsAnchors: Bool = false
    ) async throws -> Answer {
        let operation = "\(method.rawValue) \(path.split(separator: "?", maxSplits: 1).first ?? "")"
        var attempt = 0
        var refreshedAfter401 = false
        while true {
            attempt += 1
            let credential: Credential? = if bearer == nil, let repository { try await credential(for: repository) } else { nil }
            var headers = [("Accept", "application/vnd.github+json"), ("X-GitHub-Api-Version", "2022-11-28")]
            if let token = bearer ?? credential?.token { headers.append(("Authorization", "Bearer \(token.exposedValue)")) }
            let request = ForgeTransport.request(method, apiURL + path, headers: headers, body: body)
            guard let answer = try await transport.attempt(request, operation: operation, attempt: attempt) else { continue }
            let (response, responseBody) = answer

            let status = Int(response.status.code)
            if (200...299).contains(status) {
                return Answer(body: responseBody, next: GitHubLinkHeader.url(for: "next", in: response.headers.first(name: "Link")))
            }
            let message = Self.message(of: responseBody)
            if status == 401, let credential, let installationID = credential.installationID, !refreshedAfter401 {
                // The installation token may have been revoked (App reinstalled, clock drift): mint a new one, once.
                refreshedAfter401 = true
                await tokenCache.discard(credential.token, installationID: installationID)
                transport.logger.info("github refused the installation token, minting a new one", metadata: ["operation": "\(operation)"])
                continue
            }
            let rateLimit = GitHubRateLimit.classify(
                status: status,
                remaining: response.headers.first(name: "x-ratelimit-remaining"),
                reset: response.headers.first(name: "x-ratelimit-reset"),
                retryAfter: response.headers.first(name: "retry-after"),
                message: message,
                secondsSince1970: transport.clock.secondsSince1970
            )
            if let wait = transport.retryPolicy.delay(afterAttempt: attempt, status: status, gitHubRateLimit: rateLimit) {
                transport.logger.warning(
                    "github answered \(status), retrying",
                    metadata: ["operation": "\(operation)", "attempt": "\(attempt)", "wait": "\(wait)", "limit": "\(rateLimit?.label ?? "none")"]
                )
                try await transport.clock.sleep(for: wait)
                continue
            }
            throw Self.failure(status: status, message: message, rateLimited: rateLimit != nil, operation: operation, attempts: attempt, sendsAnchors: sendsAnchors)
        }
    }

    /// Classifies a final non-2xx answer.
    static func failure(status: Int, message: String, rateLimited: Bool, operation: String, attempts: Int, sendsAnchors: Bool) -> ForgeError {
        if rateLimited { return .rateLimited(operation: operation, attempts: attempts) }
        switch status {
        case 401: return .authentication(operation: operation, status: status, message: message)
        case 403: return .forbidden(operation: operation, message: message + " (the GitHub App or token lacks a permission on this repository)")
        case 404: return .notFound(operation: operation, message: message)
        case 422 where sendsAnchors && GitHubReviewRejection.isAboutAnchors(message):
            return .invalidPosition(operation: operation, status: status, message: message)
        case 500...599: return .server(operation: operation, status: status, attempts: attempts)
        default: return .rejected(operation: operation, status: status, message: message)
        }
    }

    /// The error body's message (with its details), else the start of the body.
    static func message(of body: Data) -> String {
        (try? JSONDecoder().decode(GitHubPayload.ErrorBody.self, from: body))?.text ?? String(decoding: body.prefix(500), as: UTF8.self)
    }

    private static func iso8601(_ text: String) -> Double? {
        let formatter = ISO8601DateFormatter()
        return formatter.date(from: text)?.timeIntervalSince1970
    }
}
