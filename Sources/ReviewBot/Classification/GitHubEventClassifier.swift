public import Forge

/// Decides what a GitHub webhook event asks of the bot: a review, a follow-up answer, or nothing.
///
/// The same rules as ``EventClassifier`` in GitHub's terms, a pure function tested as a table: pull requests are
/// reviewed when `opened`, `reopened`, `ready_for_review` or `synchronize`d and not a draft; a newly `created`
/// comment on a pull request (conversation or diff line) by someone other than the bot that mentions the bot is
/// answered; everything else is acknowledged with a reason.
public enum GitHubEventClassifier {
    /// The `pull_request` actions that bring something to review.
    static let reviewActions: Set<String> = ["opened", "reopened", "ready_for_review", "synchronize"]

    /// Every other `pull_request` action GitHub documents (octokit's webhook schemas).
    static let otherActions: Set<String> = [
        "assigned", "auto_merge_disabled", "auto_merge_enabled", "closed", "converted_to_draft", "demilestoned", "dequeued",
        "edited", "enqueued", "labeled", "locked", "milestoned", "review_request_removed", "review_requested", "unassigned",
        "unlabeled", "unlocked",
    ]

    /// Classifies one event.
    ///
    /// - Parameters:
    ///   - event: the decoded delivery.
    ///   - botLogin: the bot's login (`warden-bot[bot]`), or `nil` when none is configured (then nothing is a mention).
    /// - Returns: the work to enqueue, or why there is none.
    public static func classify(_ event: GitHubWebhookEvent, botLogin: String?) -> GitHubDecision {
        switch event {
        case .pullRequest(let pullRequest): classify(pullRequest)
        case .comment(let comment): classify(comment, botLogin: botLogin)
        case .ping, .other: .ignore(.unsupportedEvent)
        }
    }

    private static func classify(_ event: GitHubPullRequestEvent) -> GitHubDecision {
        guard let action = event.action else { return .ignore(.missingField("action")) }
        if action == "closed" || event.state == "closed" { return .ignore(.closed) }
        if action == "converted_to_draft" { return .ignore(.draft) }
        guard reviewActions.contains(action) else {
            return .ignore(otherActions.contains(action) ? .otherUpdate : .unknownAction)
        }
        if event.isDraft == true { return .ignore(.draft) }
        guard let repository = repository(id: event.repositoryID, fullName: event.repositoryFullName, installationID: event.installationID) else {
            return .ignore(.missingField(event.repositoryID == nil ? "repository.id" : "repository.full_name"))
        }
        guard let number = event.number else { return .ignore(.missingField("pull_request.number")) }
        guard let headSHA = event.headSHA, !headSHA.isEmpty else { return .ignore(.missingField("pull_request.head.sha")) }
        return .review(GitHubReviewTarget(repository: repository, number: number, headSHA: headSHA))
    }

    private static func classify(_ event: GitHubCommentEvent, botLogin: String?) -> GitHubDecision {
        guard let action = event.action else { return .ignore(.missingField("action")) }
        guard action == "created" else { return .ignore(.commentNotCreated) }
        guard event.isOnPullRequest else { return .ignore(.notAMergeRequestNote) }
        if let botLogin, let author = event.authorLogin, author.lowercased() == botLogin.lowercased() { return .ignore(.ownNote) }
        guard let botLogin, let body = event.body, BotMention.mentions(mentionName(of: botLogin), in: body) else {
            return .ignore(.noMention)
        }
        guard let repository = repository(id: event.repositoryID, fullName: event.repositoryFullName, installationID: event.installationID) else {
            return .ignore(.missingField(event.repositoryID == nil ? "repository.id" : "repository.full_name"))
        }
        let numberField = event.kind == .issueComment ? "issue.number" : "pull_request.number"
        guard let number = event.number else { return .ignore(.missingField(numberField)) }
        guard let commentID = event.commentID else { return .ignore(.missingField("comment.id")) }
        let place: GitHubFollowUpTarget.Place =
            event.kind == .issueComment ? .conversation : .reviewThread(threadID: event.inReplyToID ?? commentID)
        return .followUp(GitHubFollowUpTarget(repository: repository, number: number, commentID: commentID, place: place))
    }

    /// The name people type after `@`: an App's login without its `[bot]` suffix.
    static func mentionName(of login: String) -> String {
        login.lowercased().hasSuffix("[bot]") ? String(login.dropLast(5)) : login
    }

    private static func repository(id: Int?, fullName: String?, installationID: Int?) -> GitHubRepositoryTarget? {
        guard let id, let fullName, fullName.contains("/") else { return nil }
        return GitHubRepositoryTarget(id: id, fullName: fullName, installationID: installationID)
    }
}
