/// A GitHub repository as a job names it: the numeric id (stable across renames) for the job id, the full name and
/// the App installation for the API.
public struct GitHubRepositoryTarget: Sendable, Equatable, Hashable {
    /// The repository's numeric id.
    public var id: Int
    /// `owner/name`.
    public var fullName: String
    /// The App installation the delivery came through, when it came through an App.
    public var installationID: Int?

    /// Creates a target.
    public init(id: Int, fullName: String, installationID: Int?) {
        self.id = id
        self.fullName = fullName
        self.installationID = installationID
    }
}

/// A pull request head to review.
public struct GitHubReviewTarget: Sendable, Equatable, Hashable {
    /// The repository.
    public var repository: GitHubRepositoryTarget
    /// The pull request's number.
    public var number: Int
    /// The head commit to review.
    public var headSHA: String

    /// Creates a target.
    public init(repository: GitHubRepositoryTarget, number: Int, headSHA: String) {
        self.repository = repository
        self.number = number
        self.headSHA = headSHA
    }

    /// The job's deterministic id: `review-github-<repository id>-<pr number>-<head sha>`.
    public var jobID: String { "review-github-\(repository.id)-\(number)-\(headSHA)" }
}

/// A comment that mentions the bot on a pull request, to answer where it was written.
public struct GitHubFollowUpTarget: Sendable, Equatable, Hashable {
    /// Where the comment was written.
    public enum Place: Sendable, Equatable, Hashable {
        /// The pull request's conversation: answer there, in a new Codex thread with the pull request's context.
        case conversation
        /// A review thread on a diff line, whose top-level comment is `threadID` (the comment itself when it starts
        /// the thread): answer in that thread, resuming the Codex thread recorded for it.
        case reviewThread(threadID: Int)
    }

    /// The repository.
    public var repository: GitHubRepositoryTarget
    /// The pull request's number.
    public var number: Int
    /// The comment that mentions the bot.
    public var commentID: Int
    /// Where it was written.
    public var place: Place

    /// Creates a target.
    public init(repository: GitHubRepositoryTarget, number: Int, commentID: Int, place: Place) {
        self.repository = repository
        self.number = number
        self.commentID = commentID
        self.place = place
    }

    /// The job's deterministic id: `note-github-<repository id>-<pr number>-<comment id>`.
    public var jobID: String { "note-github-\(repository.id)-\(number)-\(commentID)" }
}

/// What to do with one GitHub webhook event.
public enum GitHubDecision: Sendable, Equatable, Hashable {
    /// Review the pull request at this head.
    case review(GitHubReviewTarget)
    /// Answer the comment that mentions the bot.
    case followUp(GitHubFollowUpTarget)
    /// Acknowledge the delivery and do nothing.
    case ignore(IgnoreReason)
}
