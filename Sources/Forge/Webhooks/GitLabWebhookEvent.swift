/// One GitLab webhook delivery, reduced to what the review bot acts on.
///
/// Only merge request and note events carry anything the bot needs; every other kind (push, pipeline, emoji, …)
/// is kept as ``other(objectKind:header:)`` so the receiver can acknowledge it with a 2xx and move on.
public enum GitLabWebhookEvent: Sendable, Equatable {
    /// A `Merge Request Hook` delivery (`object_kind: merge_request`).
    case mergeRequest(MergeRequestEvent)
    /// A `Note Hook` or `Confidential Note Hook` delivery (`object_kind: note`).
    case note(NoteEvent)
    /// Any other well-formed delivery.
    ///
    /// - Parameters:
    ///   - objectKind: the payload's `object_kind`, when it has one.
    ///   - header: the `X-Gitlab-Event` header, when it was sent.
    case other(objectKind: String?, header: String?)
}
