/// One GitHub webhook delivery, reduced to what the review bot acts on.
///
/// Only `pull_request`, `issue_comment` and `pull_request_review_comment` carry anything the bot needs; `ping`
/// answers GitHub's test delivery, and every other event is ``other(event:)`` so the receiver acknowledges it.
public enum GitHubWebhookEvent: Sendable, Equatable {
    /// GitHub's test delivery when a hook is created.
    case ping
    /// A `pull_request` delivery.
    case pullRequest(GitHubPullRequestEvent)
    /// An `issue_comment` (a conversation comment on an issue or a pull request) or a `pull_request_review_comment`
    /// (a comment on a diff line) delivery.
    case comment(GitHubCommentEvent)
    /// Any other event, named by its `X-GitHub-Event` header.
    case other(event: String?)
}

/// A `pull_request` delivery's fields; absent or oddly shaped ones are `nil`.
public struct GitHubPullRequestEvent: Sendable, Equatable {
    /// `opened`, `synchronize`, `closed`, … (octokit's list).
    public var action: String?
    /// The repository's numeric id (the job id uses it: names change, ids do not).
    public var repositoryID: Int?
    /// `owner/name`.
    public var repositoryFullName: String?
    /// The App installation the delivery came through.
    public var installationID: Int?
    /// The pull request's number.
    public var number: Int?
    /// The head commit.
    public var headSHA: String?
    /// Whether the pull request is a draft.
    public var isDraft: Bool?
    /// `open` or `closed`.
    public var state: String?

    /// Creates an event.
    public init(
        action: String?, repositoryID: Int?, repositoryFullName: String?, installationID: Int?, number: Int?, headSHA: String?,
        isDraft: Bool?, state: String?
    ) {
        self.action = action
        self.repositoryID = repositoryID
        self.repositoryFullName = repositoryFullName
        self.installationID = installationID
        self.number = number
        self.headSHA = headSHA
        self.isDraft = isDraft
        self.state = state
    }
}

/// An `issue_comment` or `pull_request_review_comment` delivery's fields.
public struct GitHubCommentEvent: Sendable, Equatable {
    /// Which of the two events it is.
    public enum Kind: String, Sendable, Equatable {
        /// `issue_comment`: on the conversation of an issue or a pull request.
        case issueComment = "issue_comment"
        /// `pull_request_review_comment`: on a diff line.
        case reviewComment = "pull_request_review_comment"
    }

    /// The event.
    public var kind: Kind
    /// `created`, `edited` or `deleted`.
    public var action: String?
    /// The repository's numeric id.
    public var repositoryID: Int?
    /// `owner/name`.
    public var repositoryFullName: String?
    /// The App installation the delivery came through.
    public var installationID: Int?
    /// The issue's or pull request's number.
    public var number: Int?
    /// For an `issue_comment`: whether the issue is a pull request (`issue.pull_request` present).
    public var isOnPullRequest: Bool
    /// The comment's id.
    public var commentID: Int?
    /// The comment's text.
    public var body: String?
    /// The author's login.
    public var authorLogin: String?
    /// The author's numeric id.
    public var authorID: Int?
    /// `User` or `Bot`.
    public var authorType: String?
    /// For a reply in a review thread: the thread's top-level comment.
    public var inReplyToID: Int?

    /// Creates an event.
    public init(
        kind: Kind, action: String?, repositoryID: Int?, repositoryFullName: String?, installationID: Int?, number: Int?,
        isOnPullRequest: Bool, commentID: Int?, body: String?, authorLogin: String?, authorID: Int?, authorType: String?, inReplyToID: Int?
    ) {
        self.kind = kind
        self.action = action
        self.repositoryID = repositoryID
        self.repositoryFullName = repositoryFullName
        self.installationID = installationID
        self.number = number
        self.isOnPullRequest = isOnPullRequest
        self.commentID = commentID
        self.body = body
        self.authorLogin = authorLogin
        self.authorID = authorID
        self.authorType = authorType
        self.inReplyToID = inReplyToID
    }
}
