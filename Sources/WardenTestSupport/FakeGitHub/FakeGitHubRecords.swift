import Foundation

/// A failure ``FakeGitHub/failNext(_:_:with:)`` makes a route answer with, as GitHub sends it.
public enum FakeGitHubFailure: Sendable, Hashable {
    /// A secondary rate limit with `retry-after: <seconds>` (403, GitHub's documented message).
    case secondaryRateLimit(retryAfter: Int)
    /// A secondary rate limit told only by the message, without `retry-after`.
    case secondaryRateLimitMessageOnly
    /// The primary limit: 403 with `x-ratelimit-remaining: 0` and a reset `resetIn` seconds from now.
    case primaryRateLimit(resetIn: Int)
    /// A server error with this status.
    case serverError(Int)
}

/// A route of GitHub's REST API that ``FakeGitHub`` implements; failures are injected per route.
public enum FakeGitHubRoute: String, Sendable, Hashable, CaseIterable {
    /// `POST /app/installations/{id}/access_tokens` (App JWT)
    case accessToken
    /// `GET /repos/{owner}/{repo}/installation` (App JWT)
    case repositoryInstallation
    /// `GET /repos/{owner}/{repo}/pulls/{n}`
    case pullRequest
    /// `GET /repos/{owner}/{repo}/pulls/{n}/files`
    case pullRequestFiles
    /// `GET /repos/{owner}/{repo}/collaborators/{login}/permission`
    case permission
    /// `GET /repos/{owner}/{repo}/issues/{n}/comments`
    case issueComments
    /// `POST /repos/{owner}/{repo}/issues/{n}/comments`
    case createIssueComment
    /// `PATCH /repos/{owner}/{repo}/issues/comments/{id}`
    case editIssueComment
    /// `POST /repos/{owner}/{repo}/issues/comments/{id}/reactions`
    case issueCommentReaction
    /// `POST /repos/{owner}/{repo}/pulls/{n}/reviews`
    case createReview
    /// `GET /repos/{owner}/{repo}/pulls/{n}/comments`
    case reviewComments
    /// `GET /repos/{owner}/{repo}/pulls/comments/{id}`
    case reviewComment
    /// `POST /repos/{owner}/{repo}/pulls/{n}/comments/{id}/replies`
    case replyToReviewComment
    /// `POST /repos/{owner}/{repo}/pulls/comments/{id}/reactions`
    case reviewCommentReaction
    /// `GET /repos/{owner}/{repo}`
    case repository
    /// `GET /users/{login}`
    case user
    /// `GET /repos/{owner}/{repo}/compare/{base}...{head}`
    case compare
    /// `GET /repos/{owner}/{repo}/issues/comments/{id}`
    case issueComment
    /// `DELETE /repos/{owner}/{repo}/pulls/{n}/reviews/{id}` (pending reviews only)
    case deleteReview
    /// `GET /repos/{owner}/{repo}/pulls/{n}/reviews` (others' pending reviews left out)
    case listReviews
    /// `GET /repos/{owner}/{repo}/issues` (issues and pull requests)
    case issues
    /// `POST /repos/{owner}/{repo}/pulls`
    case createPullRequest
    /// `GET /repos/{owner}/{repo}/pulls` (state, head, base, sort, direction)
    case pullRequests
    /// `GET /repos/{owner}/{repo}/dependabot/alerts` (cursor pagination)
    case dependabotAlerts
    /// `GET /repos/{owner}/{repo}/git/ref/heads/{branch}`
    case gitReference
}

/// A pull request as the fake holds it, for tests to read.
public struct FakeGitHubPullRequestSummary: Sendable, Hashable {
    /// The number.
    public var number: Int
    /// The title.
    public var title: String
    /// The description.
    public var body: String
    /// Whether it is a draft.
    public var draft: Bool
    /// The head branch.
    public var headRef: String
    /// The base branch.
    public var baseRef: String
    /// The author's login.
    public var authorLogin: String
}

/// One request the fake received, without its credentials.
public struct FakeGitHubCall: Sendable {
    /// The method.
    public var method: String
    /// The path.
    public var path: String
    /// The route it matched, if any.
    public var route: FakeGitHubRoute?
    /// The status the fake answered.
    public var status: Int
    /// The JSON body, if any.
    public var json: ScriptedJSON?
}

/// A comment as the fake stores it (a conversation comment or a review comment).
public struct FakeGitHubComment: Sendable, Hashable {
    /// The id.
    public var id: Int
    /// The text.
    public var body: String
    /// The author's login.
    public var authorLogin: String
    /// For a review comment: the file.
    public var path: String?
    /// For a review comment: the line.
    public var line: Int?
    /// For a review comment: `LEFT` or `RIGHT`.
    public var side: String?
    /// For a review comment: the first line of a range.
    public var startLine: Int?
    /// For a reply: the thread's top-level comment.
    public var inReplyToID: Int?
    /// For a review comment: the review it belongs to.
    public var reviewID: Int?
    /// Reactions, in the order given.
    public var reactions: [String]
}

/// A review as the fake stores it.
public struct FakeGitHubReview: Sendable, Hashable {
    /// The id.
    public var id: Int
    /// The review's text.
    public var body: String
    /// `COMMENT`, `APPROVE`, `REQUEST_CHANGES`, or `PENDING` for a review created without an event.
    public var event: String
    /// The commit it was made on.
    public var commitID: String
    /// The ids of its inline comments.
    public var commentIDs: [Int]
    /// The pull request it belongs to (``FakeGitHub/key(_:_:)``).
    var pullKey = ""
    /// Who wrote it: the bot, unless seeded otherwise.
    public var authorLogin = ""
}

/// An answer of the fake.
struct FakeGitHubResponse: Sendable {
    var status: Int
    var headers: [String: String]
    var body: String

    static func json(_ status: Int, _ value: ScriptedJSON, headers: [String: String] = [:]) -> Self {
        Self(status: status, headers: headers.merging(["content-type": "application/json; charset=utf-8"]) { mine, _ in mine }, body: value.serialized)
    }

    /// GitHub's error body: `{"message": …, "documentation_url": …}`, with `errors` when given.
    static func error(_ status: Int, _ message: String, errors: [String] = [], headers: [String: String] = [:]) -> Self {
        var object: [String: ScriptedJSON] = ["message": .string(message), "documentation_url": "https://docs.github.com/rest"]
        if !errors.isEmpty { object["errors"] = .array(errors.map { .string($0) }) }
        return json(status, .object(object), headers: headers)
    }

    static let badCredentials = error(401, "Bad credentials")
    static let notFound = error(404, "Not Found")

    static func failure(_ failure: FakeGitHubFailure, secondsSince1970: Int) -> Self {
        let secondary = "You have exceeded a secondary rate limit. Please wait a few minutes before you try again."
        switch failure {
        case .secondaryRateLimit(let retryAfter):
            return error(403, secondary, headers: ["retry-after": String(retryAfter), "x-ratelimit-remaining": "4990"])
        case .secondaryRateLimitMessageOnly:
            return error(403, secondary, headers: ["x-ratelimit-remaining": "4990"])
        case .primaryRateLimit(let resetIn):
            return error(
                403, "API rate limit exceeded for installation ID 1.",
                headers: ["x-ratelimit-remaining": "0", "x-ratelimit-limit": "5000", "x-ratelimit-reset": String(secondsSince1970 + resetIn)]
            )
        case .serverError(let status):
            return error(status, "Server Error")
        }
    }
}

/// A test set-up call named something the fake does not hold.
public enum FakeGitHubError: Error, Sendable, Hashable, CustomStringConvertible {
    /// No repository of this full name was added.
    case unknownRepository(String)
    /// No such pull request was opened.
    case unknownPullRequest(repository: String, number: Int)

    public var description: String {
        switch self {
        case .unknownRepository(let name): "the fake GitHub has no repository \(name)"
        case .unknownPullRequest(let name, let number): "the fake GitHub has no pull request \(name)#\(number)"
        }
    }
}
