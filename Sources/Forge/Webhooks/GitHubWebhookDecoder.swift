#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// Turns a GitHub webhook body and its `X-GitHub-Event` header into a ``GitHubWebhookEvent``.
///
/// The header names the event (GitHub's bodies do not); decoding is forgiving like GitLab's: only a body that is not
/// a JSON object fails, and missing or oddly shaped fields become `nil` for the classifier to judge.
public enum GitHubWebhookDecoder {
    /// Decodes one delivery.
    ///
    /// - Parameters:
    ///   - body: the request body, as received (and already verified).
    ///   - eventHeader: the `X-GitHub-Event` header, if any.
    /// - Returns: the event, or ``GitHubWebhookEvent/other(event:)`` for events the bot ignores.
    /// - Throws: ``WebhookDecodingError`` when the body is empty, not JSON, or not a JSON object.
    public static func decode(body: Data, eventHeader: String?) throws(WebhookDecodingError) -> GitHubWebhookEvent {
        guard !body.isEmpty else { throw .emptyBody }
        let payload: GitHubWebhookPayload
        do {
            payload = try JSONDecoder().decode(GitHubWebhookPayload.self, from: body)
        } catch DecodingError.typeMismatch, DecodingError.valueNotFound {
            throw .notAnObject
        } catch {
            throw .malformedJSON
        }
        switch eventHeader {
        case "ping":
            return .ping
        case "pull_request":
            return .pullRequest(
                GitHubPullRequestEvent(
                    action: payload.action,
                    repositoryID: payload.repository?.id,
                    repositoryFullName: payload.repository?.fullName,
                    installationID: payload.installation?.id,
                    number: payload.pullRequest?.number ?? payload.number,
                    headSHA: payload.pullRequest?.headSHA,
                    isDraft: payload.pullRequest?.draft,
                    state: payload.pullRequest?.state
                )
            )
        case "issue_comment", "pull_request_review_comment":
            let kind: GitHubCommentEvent.Kind = eventHeader == "issue_comment" ? .issueComment : .reviewComment
            return .comment(
                GitHubCommentEvent(
                    kind: kind,
                    action: payload.action,
                    repositoryID: payload.repository?.id,
                    repositoryFullName: payload.repository?.fullName,
                    installationID: payload.installation?.id,
                    number: kind == .issueComment ? payload.issue?.number : payload.pullRequest?.number,
                    isOnPullRequest: kind == .reviewComment || payload.issue?.isPullRequest == true,
                    commentID: payload.comment?.id,
                    body: payload.comment?.body,
                    authorLogin: payload.comment?.user?.login,
                    authorID: payload.comment?.user?.id,
                    authorType: payload.comment?.user?.type,
                    inReplyToID: kind == .reviewComment ? payload.comment?.inReplyToID : nil
                )
            )
        default:
            return .other(event: eventHeader)
        }
    }
}
