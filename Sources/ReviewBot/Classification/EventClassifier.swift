public import Forge

/// Decides what a GitLab webhook event asks of the bot: a review, a follow-up answer, or nothing.
///
/// A pure function of the event and the bot's identity, so every rule is a row in a table test. Whether a head
/// was already reviewed needs the store, so the receiver checks that after classifying.
public enum EventClassifier {
    /// Classifies one event.
    ///
    /// Merge requests are reviewed when opened or reopened, when an update brings new commits (`oldrev`), and when
    /// an update takes them out of draft; drafts, closes, merges, approvals and other updates are ignored. Notes are
    /// answered when they are on a merge request, written by a person other than the bot, not confidential, and
    /// mention `@<bot username>`.
    ///
    /// - Parameters:
    ///   - event: the decoded delivery.
    ///   - settings: who the bot is.
    /// - Returns: the work to enqueue, or why there is none.
    public static func classify(_ event: GitLabWebhookEvent, settings: ClassifierSettings) -> Decision {
        switch event {
        case .mergeRequest(let mergeRequest): classify(mergeRequest)
        case .note(let note): classify(note, settings: settings)
        case .other: .ignore(.unsupportedEvent)
        }
    }

    private static func classify(_ event: MergeRequestEvent) -> Decision {
        switch event.action {
        case .close: return .ignore(.closed)
        case .merge: return .ignore(.merged)
        case .approved, .unapproved, .approval, .unapproval: return .ignore(.approval)
        case .unknown: return .ignore(.unknownAction)
        case .open, .reopen, .update, nil: break
        }
        switch event.state {
        case .closed: return .ignore(.closed)
        case .merged, .locked: return .ignore(.merged)
        case .opened, .unknown, nil: break
        }
        if event.isDraft == true || event.draftChange?.current == true { return .ignore(.draft) }
        let bringsWork: Bool
        switch event.action {
        case .open, .reopen:
            bringsWork = true
        case .update:
            bringsWork = event.oldRevision != nil || event.draftChange?.isMarkedReady == true
        case nil:
            // Very old payloads lack `action`; only the signals that need no action are trusted.
            guard event.oldRevision != nil || event.draftChange?.isMarkedReady == true else {
                return .ignore(.missingField("object_attributes.action"))
            }
            bringsWork = true
        default:
            bringsWork = false
        }
        guard bringsWork else { return .ignore(.otherUpdate) }
        guard let projectID = event.projectID else { return .ignore(.missingField("project.id")) }
        guard let iid = event.mergeRequestIID else { return .ignore(.missingField("object_attributes.iid")) }
        guard let headSHA = event.headSHA, !headSHA.isEmpty else {
            return .ignore(.missingField("object_attributes.last_commit.id"))
        }
        return .review(ReviewTarget(projectID: projectID, mergeRequestIID: iid, headSHA: headSHA))
    }

    private static func classify(_ note: NoteEvent, settings: ClassifierSettings) -> Decision {
        guard let noteableType = note.noteableType else {
            return .ignore(.missingField("object_attributes.noteable_type"))
        }
        guard noteableType == "MergeRequest" else { return .ignore(.notAMergeRequestNote) }
        if note.isSystem == true { return .ignore(.systemNote) }
        if isWrittenByBot(note, settings: settings) { return .ignore(.ownNote) }
        if note.isConfidential { return .ignore(.confidential) }
        guard let botUsername = settings.botUsername, let text = note.text, BotMention.mentions(botUsername, in: text) else {
            return .ignore(.noMention)
        }
        guard let projectID = note.projectID else { return .ignore(.missingField("project.id")) }
        guard let iid = note.mergeRequestIID else { return .ignore(.missingField("merge_request.iid")) }
        guard let noteID = note.noteID else { return .ignore(.missingField("object_attributes.id")) }
        let position = note.noteType == "DiffNote" ? note.position : nil
        return .followUp(
            FollowUpTarget(projectID: projectID, mergeRequestIID: iid, noteID: noteID, discussionID: note.discussionID, position: position)
        )
    }

    /// Whether the bot wrote the note, by configured user id or username (usernames compare without case).
    private static func isWrittenByBot(_ note: NoteEvent, settings: ClassifierSettings) -> Bool {
        if let botID = settings.botUserID, note.authorID == botID { return true }
        if let botName = settings.botUsername, let author = note.authorUsername, author.lowercased() == botName.lowercased() {
            return true
        }
        return false
    }
}
