public import Foundation

/// A pull request, reduced to what the review bot reads.
public struct GitHubPullRequest: Sendable, Hashable {
    /// The number in its repository.
    public var number: Int
    /// `open` or `closed`.
    public var state: String
    /// Whether it is a draft.
    public var draft: Bool
    /// Whether it was merged.
    public var merged: Bool
    /// The title.
    public var title: String
    /// The description (Markdown), empty when none.
    public var body: String
    /// The author's login.
    public var authorLogin: String
    /// The head commit.
    public var headSHA: String
    /// The head branch.
    public var headRef: String
    /// The base commit GitHub diffs against.
    public var baseSHA: String
    /// The base branch.
    public var baseRef: String
    /// The clone URL of the base repository.
    public var cloneURL: String?
    /// The page people open in a browser.
    public var webURL: String
    /// The head branch's repository (`owner/name`), which differs from the base's for a fork; `nil` when the fork is gone.
    public var headRepositoryFullName: String?
    /// When it was opened.
    public var createdAt: Date?

    /// Creates a pull request value.
    public init(
        number: Int, state: String, draft: Bool, merged: Bool, title: String, body: String, authorLogin: String,
        headSHA: String, headRef: String, baseSHA: String, baseRef: String, cloneURL: String?, webURL: String = "",
        headRepositoryFullName: String? = nil, createdAt: Date? = nil
    ) {
        self.number = number
        self.state = state
        self.draft = draft
        self.merged = merged
        self.title = title
        self.body = body
        self.authorLogin = authorLogin
        self.headSHA = headSHA
        self.headRef = headRef
        self.baseSHA = baseSHA
        self.baseRef = baseRef
        self.cloneURL = cloneURL
        self.webURL = webURL
        self.headRepositoryFullName = headRepositoryFullName
        self.createdAt = createdAt
    }
}

/// A repository, reduced to what the review bot reads.
public struct GitHubRepository: Sendable, Hashable {
    /// The numeric id, stable across renames.
    public var id: Int
    /// `owner/name`.
    public var fullName: String
    /// The default branch; `nil` for an empty repository.
    public var defaultBranch: String?
    /// The HTTPS clone URL.
    public var cloneURL: String
    /// The page people open in a browser.
    public var webURL: String

    /// Creates a repository value.
    public init(id: Int, fullName: String, defaultBranch: String?, cloneURL: String, webURL: String) {
        self.id = id
        self.fullName = fullName
        self.defaultBranch = defaultBranch
        self.cloneURL = cloneURL
        self.webURL = webURL
    }
}

/// A comment on a pull request: a conversation (issue) comment, or a review comment on a diff line.
public struct GitHubComment: Sendable, Hashable {
    /// The comment's id.
    public var id: Int
    /// The Markdown text.
    public var body: String
    /// The author's login.
    public var authorLogin: String
    /// The author's numeric id.
    public var authorID: Int
    /// For a review comment: the file.
    public var path: String?
    /// For a review comment: the (last) line it sits on.
    public var line: Int?
    /// For a review comment: `LEFT` or `RIGHT`.
    public var side: String?
    /// For a reply in a review thread: the thread's top-level comment.
    public var inReplyToID: Int?

    /// Creates a comment value.
    public init(
        id: Int, body: String, authorLogin: String, authorID: Int, path: String? = nil, line: Int? = nil, side: String? = nil,
        inReplyToID: Int? = nil
    ) {
        self.id = id
        self.body = body
        self.authorLogin = authorLogin
        self.authorID = authorID
        self.path = path
        self.line = line
        self.side = side
        self.inReplyToID = inReplyToID
    }
}

/// Where a review comment sits: GitHub's `line`/`side` (and `start_line`/`start_side` for a range).
public struct GitHubReviewAnchor: Sendable, Hashable, Codable {
    /// The diff side: `RIGHT` for added and context lines, `LEFT` for removed ones.
    public enum Side: String, Sendable, Hashable, Codable {
        /// The base (removed lines).
        case left = "LEFT"
        /// The head (added and context lines).
        case right = "RIGHT"
    }

    /// The file's path (the new path of a renamed file).
    public var path: String
    /// The last line of the range (the line for one line), numbered on ``side``'s file.
    public var line: Int
    /// The side of ``line``.
    public var side: Side
    /// The first line of a range, when it spans more than one.
    public var startLine: Int?
    /// The side of ``startLine``.
    public var startSide: Side?

    /// Creates an anchor.
    public init(path: String, line: Int, side: Side, startLine: Int? = nil, startSide: Side? = nil) {
        self.path = path
        self.line = line
        self.side = side
        self.startLine = startLine
        self.startSide = startSide
    }
}

/// A pull request review to create in one call (`POST …/pulls/{n}/reviews`, `event: COMMENT`).
public struct GitHubNewReview: Sendable, Hashable {
    /// One inline comment of the review.
    public struct Comment: Sendable, Hashable {
        /// Where it sits.
        public var anchor: GitHubReviewAnchor
        /// The Markdown text.
        public var body: String

        /// Creates a comment.
        public init(anchor: GitHubReviewAnchor, body: String) {
            self.anchor = anchor
            self.body = body
        }
    }

    /// The head commit the anchors refer to.
    public var commitID: String
    /// The review's own text.
    public var body: String
    /// The inline comments.
    public var comments: [Comment]

    /// Creates a review.
    public init(commitID: String, body: String, comments: [Comment]) {
        self.commitID = commitID
        self.body = body
        self.comments = comments
    }
}

/// A review of a pull request as listed: submitted ones, and the caller's own pending one (GitHub shows a pending
/// review to its author only).
public struct GitHubReview: Sendable, Hashable {
    /// The review's id.
    public var id: Int
    /// `PENDING`, `COMMENTED`, `APPROVED`, `CHANGES_REQUESTED` or `DISMISSED`.
    public var state: String
    /// The author's numeric id (`nil` for a deleted account).
    public var authorID: Int?
    /// The author's login.
    public var authorLogin: String?

    /// Creates a review value.
    public init(id: Int, state: String, authorID: Int?, authorLogin: String?) {
        self.id = id
        self.state = state
        self.authorID = authorID
        self.authorLogin = authorLogin
    }

    /// Whether it is still pending (neither submitted nor deleted).
    public var isPending: Bool { state == "PENDING" }
}
