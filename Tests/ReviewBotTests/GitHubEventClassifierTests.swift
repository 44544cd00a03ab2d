import Forge
import Foundation
import ReviewBot
import Testing
import WardenTestSupport

@Suite("GitHub event classifier")
struct GitHubEventClassifierTests {
    static let bot = "warden-bot[bot]"
    static let sha = "ec26c3e57ca3a959ca5aad62de7213c562f8c821"
    static let helloWorld = GitHubRepositoryTarget(id: 186_853_002, fullName: "Codertocat/Hello-World", installationID: 1)

    // MARK: Published fixtures

    struct FixtureRow: Sendable, CustomTestStringConvertible {
        let file: String
        let header: String
        /// Replaces `comment.body` before classifying, when set.
        var rewrittenComment: String?
        let expected: GitHubDecision
        var testDescription: String { rewrittenComment.map { "\(file), comment rewritten to \"\($0)\"" } ?? file }
    }

    static let fixtureRows: [FixtureRow] = [
        FixtureRow(
            file: "pull_request_opened.json", header: "pull_request",
            expected: .review(GitHubReviewTarget(repository: helloWorld, number: 2, headSHA: sha))
        ),
        FixtureRow(
            file: "pull_request_synchronize.json", header: "pull_request",
            expected: .review(GitHubReviewTarget(repository: helloWorld, number: 2, headSHA: sha))
        ),
        FixtureRow(file: "pull_request_review_comment_created.json", header: "pull_request_review_comment", expected: .ignore(.noMention)),
        FixtureRow(
            file: "pull_request_review_comment_created.json", header: "pull_request_review_comment",
            rewrittenComment: "@warden-bot why is this line here?",
            expected: .followUp(GitHubFollowUpTarget(repository: helloWorld, number: 2, commentID: 284_312_630, place: .reviewThread(threadID: 284_312_630)))
        ),
        FixtureRow(file: "issue_comment_created_on_issue_IGNORE.json", header: "issue_comment", expected: .ignore(.notAMergeRequestNote)),
        FixtureRow(
            file: "issue_comment_created_on_issue_IGNORE.json", header: "issue_comment", rewrittenComment: "@warden-bot please look",
            expected: .ignore(.notAMergeRequestNote)
        ),
    ]

    @Test("classifies every shared GitHub fixture", arguments: fixtureRows)
    func fixtures(_ row: FixtureRow) throws {
        var body = try SharedFixtures.data("github/\(row.file)")
        if let text = row.rewrittenComment {
            var payload = try #require(try JSONSerialization.jsonObject(with: body) as? [String: Any])
            var comment = try #require(payload["comment"] as? [String: Any])
            comment["body"] = text
            payload["comment"] = comment
            body = try JSONSerialization.data(withJSONObject: payload)
        }
        let event = try GitHubWebhookDecoder.decode(body: body, eventHeader: row.header)
        #expect(GitHubEventClassifier.classify(event, botLogin: Self.bot) == row.expected)
    }

    // MARK: Payload shapes built from the webhook schemas

    struct Row: Sendable, CustomTestStringConvertible {
        let name: String
        let header: String?
        let body: String
        var botLogin: String? = GitHubEventClassifierTests.bot
        let expected: GitHubDecision
        var testDescription: String { name }
    }

    static let repository = #""repository": {"id": 77, "full_name": "octo/app"}, "installation": {"id": 5}"#
    static let octoApp = GitHubRepositoryTarget(id: 77, fullName: "octo/app", installationID: 5)

    static func pullRequest(_ action: String, draft: Bool = false, state: String = "open", extra: String = "") -> String {
        #"{"action": "\#(action)", "number": 9, \#(repository), \#(extra)"pull_request": {"number": 9, "state": "\#(state)", "draft": \#(draft), "head": {"sha": "\#(sha)"}}}"#
    }

    static func issueComment(_ text: String, action: String = "created", onPullRequest: Bool = true, author: String = "octocat") -> String {
        let pullRequest = onPullRequest ? #", "pull_request": {"url": "https://api.github.com/repos/octo/app/pulls/9"}"# : ""
        return #"{"action": "\#(action)", \#(repository), "issue": {"number": 9\#(pullRequest)}, "comment": {"id": 31, "body": "\#(text)", "user": {"login": "\#(author)", "id": 3, "type": "User"}}}"#
    }

    static func reviewComment(_ text: String, action: String = "created", inReplyTo: Int? = nil, author: String = "octocat") -> String {
        let reply = inReplyTo.map { #", "in_reply_to_id": \#($0)"# } ?? ""
        return #"{"action": "\#(action)", \#(repository), "pull_request": {"number": 9, "head": {"sha": "\#(sha)"}}, "comment": {"id": 41, "body": "\#(text)", "user": {"login": "\#(author)", "id": 3, "type": "User"}\#(reply)}}"#
    }

    static let review = GitHubDecision.review(GitHubReviewTarget(repository: octoApp, number: 9, headSHA: sha))

    static let rows: [Row] = [
        Row(name: "opened", header: "pull_request", body: pullRequest("opened"), expected: review),
        Row(name: "reopened", header: "pull_request", body: pullRequest("reopened"), expected: review),
        Row(name: "ready_for_review", header: "pull_request", body: pullRequest("ready_for_review"), expected: review),
        Row(
            name: "synchronize",
            header: "pull_request",
            body: pullRequest("synchronize", extra: #""before": "f95f852bd8fca8fcc58a9a2d6c842781e32a215e", "after": "\#(sha)", "#),
            expected: review
        ),
        Row(name: "a draft opened", header: "pull_request", body: pullRequest("opened", draft: true), expected: .ignore(.draft)),
        Row(name: "a push to a draft", header: "pull_request", body: pullRequest("synchronize", draft: true), expected: .ignore(.draft)),
        Row(name: "converted to draft", header: "pull_request", body: pullRequest("converted_to_draft", draft: true), expected: .ignore(.draft)),
        Row(name: "closed unmerged", header: "pull_request", body: pullRequest("closed", state: "closed"), expected: .ignore(.closed)),
        Row(
            name: "closed merged", header: "pull_request", body: pullRequest("closed", state: "closed", extra: #""merged": true, "#),
            expected: .ignore(.closed)
        ),
        Row(name: "edited", header: "pull_request", body: pullRequest("edited"), expected: .ignore(.otherUpdate)),
        Row(name: "labeled", header: "pull_request", body: pullRequest("labeled"), expected: .ignore(.otherUpdate)),
        Row(name: "review_requested", header: "pull_request", body: pullRequest("review_requested"), expected: .ignore(.otherUpdate)),
        Row(name: "auto_merge_enabled", header: "pull_request", body: pullRequest("auto_merge_enabled"), expected: .ignore(.otherUpdate)),
        Row(name: "an action GitHub adds later", header: "pull_request", body: pullRequest("teleported"), expected: .ignore(.unknownAction)),
        Row(
            name: "no action", header: "pull_request", body: #"{"number": 9, \#(repository), "pull_request": {"number": 9}}"#,
            expected: .ignore(.missingField("action"))
        ),
        Row(
            name: "no head sha", header: "pull_request",
            body: #"{"action": "opened", \#(repository), "pull_request": {"number": 9, "state": "open", "draft": false}}"#,
            expected: .ignore(.missingField("pull_request.head.sha"))
        ),
        Row(
            name: "no repository id", header: "pull_request",
            body: #"{"action": "opened", "repository": {"full_name": "octo/app"}, "pull_request": {"number": 9, "head": {"sha": "\#(sha)"}}}"#,
            expected: .ignore(.missingField("repository.id"))
        ),
        Row(
            name: "a token-authenticated hook without installation", header: "pull_request",
            body: #"{"action": "opened", "repository": {"id": 77, "full_name": "octo/app"}, "pull_request": {"number": 9, "draft": false, "head": {"sha": "\#(sha)"}}}"#,
            expected: .review(GitHubReviewTarget(repository: GitHubRepositoryTarget(id: 77, fullName: "octo/app", installationID: nil), number: 9, headSHA: sha))
        ),
        Row(
            name: "a mention in the PR conversation", header: "issue_comment", body: issueComment("@warden-bot is this safe?"),
            expected: .followUp(GitHubFollowUpTarget(repository: octoApp, number: 9, commentID: 31, place: .conversation))
        ),
        Row(
            name: "a mention in capitals at the end of a sentence", header: "issue_comment", body: issueComment("thoughts, @Warden-Bot."),
            expected: .followUp(GitHubFollowUpTarget(repository: octoApp, number: 9, commentID: 31, place: .conversation))
        ),
        Row(
            name: "the App's full login mentioned", header: "issue_comment", body: issueComment("@warden-bot[bot] again please"),
            expected: .followUp(GitHubFollowUpTarget(repository: octoApp, number: 9, commentID: 31, place: .conversation))
        ),
        Row(name: "a PR comment without mention", header: "issue_comment", body: issueComment("LGTM"), expected: .ignore(.noMention)),
        Row(name: "a longer login is no mention", header: "issue_comment", body: issueComment("@warden-botx hi"), expected: .ignore(.noMention)),
        Row(name: "an e-mail address is no mention", header: "issue_comment", body: issueComment("mail me@warden-bot"), expected: .ignore(.noMention)),
        Row(
            name: "a mention on a plain issue", header: "issue_comment", body: issueComment("@warden-bot hi", onPullRequest: false),
            expected: .ignore(.notAMergeRequestNote)
        ),
        Row(
            name: "an edited PR comment", header: "issue_comment", body: issueComment("@warden-bot hi", action: "edited"),
            expected: .ignore(.commentNotCreated)
        ),
        Row(
            name: "a deleted PR comment", header: "issue_comment", body: issueComment("@warden-bot hi", action: "deleted"),
            expected: .ignore(.commentNotCreated)
        ),
        Row(
            name: "the bot's own comment", header: "issue_comment", body: issueComment("@warden-bot status", author: "warden-bot[bot]"),
            expected: .ignore(.ownNote)
        ),
        Row(
            name: "no bot login configured", header: "issue_comment", body: issueComment("@warden-bot hi"), botLogin: nil,
            expected: .ignore(.noMention)
        ),
        Row(
            name: "a token bot's plain login", header: "issue_comment", body: issueComment("@review-bot hi"), botLogin: "review-bot",
            expected: .followUp(GitHubFollowUpTarget(repository: octoApp, number: 9, commentID: 31, place: .conversation))
        ),
        Row(
            name: "a mention starting a review thread", header: "pull_request_review_comment", body: reviewComment("@warden-bot why?"),
            expected: .followUp(GitHubFollowUpTarget(repository: octoApp, number: 9, commentID: 41, place: .reviewThread(threadID: 41)))
        ),
        Row(
            name: "a mention replying in a bot's review thread", header: "pull_request_review_comment",
            body: reviewComment("@warden-bot are you sure?", inReplyTo: 40),
            expected: .followUp(GitHubFollowUpTarget(repository: octoApp, number: 9, commentID: 41, place: .reviewThread(threadID: 40)))
        ),
        Row(
            name: "an edited review comment", header: "pull_request_review_comment", body: reviewComment("@warden-bot why?", action: "edited"),
            expected: .ignore(.commentNotCreated)
        ),
        Row(
            name: "a deleted review comment", header: "pull_request_review_comment", body: reviewComment("@warden-bot why?", action: "deleted"),
            expected: .ignore(.commentNotCreated)
        ),
        Row(
            name: "the bot's own review comment", header: "pull_request_review_comment",
            body: reviewComment("@warden-bot note", author: "Warden-Bot[bot]"), expected: .ignore(.ownNote)
        ),
        Row(
            name: "a comment without id", header: "issue_comment",
            body: #"{"action": "created", \#(repository), "issue": {"number": 9, "pull_request": {}}, "comment": {"body": "@warden-bot hi", "user": {"login": "o"}}}"#,
            expected: .ignore(.missingField("comment.id"))
        ),
        Row(name: "ping", header: "ping", body: #"{"zen": "Design for failure.", "hook_id": 1}"#, expected: .ignore(.unsupportedEvent)),
        Row(name: "a push", header: "push", body: #"{"ref": "refs/heads/main", \#(repository)}"#, expected: .ignore(.unsupportedEvent)),
        Row(name: "a submitted review", header: "pull_request_review", body: pullRequest("submitted"), expected: .ignore(.unsupportedEvent)),
        Row(name: "a resolved thread", header: "pull_request_review_thread", body: pullRequest("resolved"), expected: .ignore(.unsupportedEvent)),
        Row(name: "no event header", header: nil, body: pullRequest("opened"), expected: .ignore(.unsupportedEvent)),
    ]

    @Test("applies the action matrix, drafts, mentions and comment kinds", arguments: rows)
    func classify(_ row: Row) throws {
        let event = try GitHubWebhookDecoder.decode(body: Data(row.body.utf8), eventHeader: row.header)
        #expect(GitHubEventClassifier.classify(event, botLogin: row.botLogin) == row.expected)
    }

    @Test("job ids name the forge, the repository id, the pull request and the head or comment")
    func jobIDs() {
        #expect(GitHubReviewTarget(repository: Self.octoApp, number: 9, headSHA: Self.sha).jobID == "review-github-77-9-\(Self.sha)")
        #expect(GitHubFollowUpTarget(repository: Self.octoApp, number: 9, commentID: 41, place: .conversation).jobID == "note-github-77-9-41")
    }
}
