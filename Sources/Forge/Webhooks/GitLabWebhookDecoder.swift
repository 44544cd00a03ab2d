#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// Turns a GitLab webhook body and its `X-Gitlab-Event` header into a ``GitLabWebhookEvent``.
///
/// Decoding is deliberately forgiving: only a body that is not a JSON object fails, because GitLab counts a 4xx as a
/// failed delivery and disables a hook after a few of them. Kinds the bot does not act on become
/// ``GitLabWebhookEvent/other(objectKind:header:)``, and missing or oddly shaped fields become `nil` for the
/// classifier to judge.
public enum GitLabWebhookDecoder {
    /// The `X-Gitlab-Event` value of merge request deliveries.
    public static let mergeRequestHeader = "Merge Request Hook"
    /// The `X-Gitlab-Event` value of note deliveries.
    public static let noteHeader = "Note Hook"
    /// The `X-Gitlab-Event` value of notes on confidential issues.
    public static let confidentialNoteHeader = "Confidential Note Hook"

    /// Decodes one delivery.
    ///
    /// The payload's `object_kind` decides the event kind; the header decides only when `object_kind` is absent.
    ///
    /// - Parameters:
    ///   - body: the request body, as received.
    ///   - eventHeader: the `X-Gitlab-Event` header, if any.
    /// - Returns: the event, or ``GitLabWebhookEvent/other(objectKind:header:)`` for kinds the bot ignores.
    /// - Throws: ``WebhookDecodingError`` when the body is empty, not JSON, or not a JSON object.
    public static func decode(body: Data, eventHeader: String?) throws(WebhookDecodingError) -> GitLabWebhookEvent {
        guard !body.isEmpty else { throw .emptyBody }
        let payload: GitLabWebhookPayload
        do {
            payload = try JSONDecoder().decode(GitLabWebhookPayload.self, from: body)
        } catch DecodingError.typeMismatch, DecodingError.valueNotFound {
            // Every field is decoded leniently, so only the top-level value can have the wrong type.
            throw .notAnObject
        } catch {
            throw .malformedJSON
        }
        switch payload.objectKind ?? kind(forHeader: eventHeader) {
        case "merge_request": return .mergeRequest(mergeRequestEvent(from: payload))
        case "note": return .note(noteEvent(from: payload, eventHeader: eventHeader))
        default: return .other(objectKind: payload.objectKind, header: eventHeader)
        }
    }

    /// The `object_kind` a header implies, for payloads without one.
    private static func kind(forHeader header: String?) -> String? {
        switch header {
        case mergeRequestHeader: "merge_request"
        case noteHeader, confidentialNoteHeader: "note"
        default: nil
        }
    }

    private static func mergeRequestEvent(from payload: GitLabWebhookPayload) -> MergeRequestEvent {
        let attributes = payload.attributes
        return MergeRequestEvent(
            projectID: payload.project?.id ?? attributes?.targetProjectID ?? payload.projectID,
            mergeRequestIID: attributes?.iid,
            action: attributes?.action.map(MergeRequestEvent.Action.init(rawValue:)),
            state: attributes?.state.map(MergeRequestEvent.State.init(rawValue:)),
            oldRevision: attributes?.oldrev.flatMap { $0.isEmpty ? nil : $0 },
            headSHA: attributes?.lastCommit?.id,
            isDraft: attributes?.draft ?? attributes?.workInProgress ?? attributes?.title.map(DraftTitlePrefix.marksDraft),
            draftChange: draftChange(in: payload.changes)
        )
    }

    /// The draft flag's change: `changes.draft`, else `changes.work_in_progress`, else a draft prefix in `changes.title`.
    private static func draftChange(in changes: GitLabWebhookPayload.Changes?) -> MergeRequestEvent.DraftChange? {
        guard let changes else { return nil }
        if let change = changes.draft ?? changes.workInProgress {
            return MergeRequestEvent.DraftChange(previous: change.previous, current: change.current)
        }
        guard let title = changes.title else { return nil }
        let previous = title.previous.map(DraftTitlePrefix.marksDraft)
        let current = title.current.map(DraftTitlePrefix.marksDraft)
        // A title edit that leaves the draft prefix alone is not a draft change.
        guard previous != current else { return nil }
        return MergeRequestEvent.DraftChange(previous: previous, current: current)
    }

    private static func noteEvent(from payload: GitLabWebhookPayload, eventHeader: String?) -> NoteEvent {
        let attributes = payload.attributes
        let isConfidential =
            eventHeader == confidentialNoteHeader || payload.eventType == "confidential_note"
            || attributes?.confidential == true || attributes?.internal == true
        return NoteEvent(
            projectID: payload.project?.id ?? payload.projectID ?? attributes?.projectID,
            noteID: attributes?.id,
            noteableType: attributes?.noteableType,
            action: attributes?.action,
            isSystem: attributes?.system,
            isConfidential: isConfidential,
            authorID: payload.user?.id ?? attributes?.authorID,
            authorUsername: payload.user?.username,
            text: attributes?.note,
            discussionID: attributes?.discussionID,
            noteType: attributes?.type,
            position: attributes?.position,
            mergeRequestIID: payload.mergeRequest?.iid,
            mergeRequestHeadSHA: payload.mergeRequest?.lastCommit?.id
        )
    }
}
