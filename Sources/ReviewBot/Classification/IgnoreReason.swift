/// Why an event needs no work; logged with the delivery and counted by ``metricLabel``.
public enum IgnoreReason: Sendable, Equatable, Hashable, CustomStringConvertible {
    /// The merge request is a draft.
    case draft
    /// The merge request was closed, or is closed.
    case closed
    /// The merge request was merged, or is merged.
    case merged
    /// An approval was given or withdrawn.
    case approval
    /// The merge request changed without new commits or leaving draft (title, labels, reviewers, …).
    case otherUpdate
    /// A merge request action this version of Warden does not know.
    case unknownAction
    /// A note on an issue, commit or snippet.
    case notAMergeRequestNote
    /// A note GitLab wrote itself.
    case systemNote
    /// A note the bot wrote.
    case ownNote
    /// A confidential or internal note, which the bot must not quote to a model.
    case confidential
    /// A note that does not mention the bot (or no bot username is configured).
    case noMention
    /// A kind of event the bot does not act on (push, pipeline, …).
    case unsupportedEvent
    /// A GitHub comment was edited or deleted; only new comments are answered.
    case commentNotCreated
    /// The event lacks a field the work needs, named as in the payload (`object_attributes.iid`).
    case missingField(String)

    /// A short, low-cardinality form for metric labels.
    public var metricLabel: String {
        switch self {
        case .draft: "draft"
        case .closed: "closed"
        case .merged: "merged"
        case .approval: "approval"
        case .otherUpdate: "other_update"
        case .unknownAction: "unknown_action"
        case .notAMergeRequestNote: "not_a_merge_request_note"
        case .systemNote: "system_note"
        case .ownNote: "own_note"
        case .confidential: "confidential"
        case .noMention: "no_mention"
        case .unsupportedEvent: "unsupported_event"
        case .commentNotCreated: "comment_not_created"
        case .missingField: "missing_field"
        }
    }

    /// The reason as a phrase for the log line.
    public var description: String {
        switch self {
        case .draft: "the merge request is a draft"
        case .closed: "the merge request is closed"
        case .merged: "the merge request is merged"
        case .approval: "an approval changed"
        case .otherUpdate: "the update brought no new commits and did not mark the merge request ready"
        case .unknownAction: "the merge request action is not one Warden knows"
        case .notAMergeRequestNote: "the note is not on a merge request"
        case .systemNote: "the note was written by GitLab"
        case .ownNote: "the note was written by the bot"
        case .confidential: "the note is confidential or internal"
        case .noMention: "the note does not mention the bot"
        case .unsupportedEvent: "the bot does not act on this kind of event"
        case .commentNotCreated: "the comment was edited or deleted, not created"
        case .missingField(let field): "the event has no usable \(field)"
        }
    }
}
