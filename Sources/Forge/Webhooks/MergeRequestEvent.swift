public import WardenCore

/// The parts of a `Merge Request Hook` delivery that decide whether to review, and what.
///
/// Every field is optional: GitLab's payloads differ between versions, and a delivery is never refused for a field
/// the bot might not need. The classifier decides what a missing field means.
public struct MergeRequestEvent: Sendable, Equatable {
    /// What happened to the merge request (`object_attributes.action`).
    public enum Action: Sendable, Equatable, Hashable {
        /// The merge request was created.
        case open
        /// The merge request was closed without merging.
        case close
        /// A closed merge request was opened again.
        case reopen
        /// Anything about the merge request changed: commits, title, labels, draft status, reviewers, ….
        case update
        /// Every required approval has been given.
        case approved
        /// The merge request lost its approved state.
        case unapproved
        /// One approval was added.
        case approval
        /// One approval was removed.
        case unapproval
        /// The merge request was merged.
        case merge
        /// An action this version of Warden does not know, kept as sent.
        case unknown(String)

        /// Maps the wire value (`open`, `update`, …) to an action.
        public init(rawValue: String) {
            switch rawValue {
            case "open": self = .open
            case "close": self = .close
            case "reopen": self = .reopen
            case "update": self = .update
            case "approved": self = .approved
            case "unapproved": self = .unapproved
            case "approval": self = .approval
            case "unapproval": self = .unapproval
            case "merge": self = .merge
            default: self = .unknown(rawValue)
            }
        }
    }

    /// The merge request's state after the event (`object_attributes.state`).
    public enum State: Sendable, Equatable, Hashable {
        /// Open for review.
        case opened
        /// Closed without merging.
        case closed
        /// Merged.
        case merged
        /// Locked while GitLab merges it.
        case locked
        /// A state this version of Warden does not know, kept as sent.
        case unknown(String)

        /// Maps the wire value (`opened`, `merged`, …) to a state.
        public init(rawValue: String) {
            switch rawValue {
            case "opened": self = .opened
            case "closed": self = .closed
            case "merged": self = .merged
            case "locked": self = .locked
            default: self = .unknown(rawValue)
            }
        }
    }

    /// A change of the draft flag reported in the delivery's `changes`.
    public struct DraftChange: Sendable, Equatable, Hashable {
        /// Whether the merge request was a draft before the event.
        public var previous: Bool?
        /// Whether the merge request is a draft after the event.
        public var current: Bool?

        /// Creates a change.
        public init(previous: Bool?, current: Bool?) {
            self.previous = previous
            self.current = current
        }

        /// Whether the merge request went from draft to ready for review.
        public var isMarkedReady: Bool { previous == true && current == false }
    }

    /// The project the merge request belongs to (`project.id`, else `object_attributes.target_project_id`).
    public var projectID: ProjectID?
    /// The merge request's number within its project (`object_attributes.iid`).
    public var mergeRequestIID: MergeRequestIID?
    /// What happened; absent in payloads from old GitLab versions.
    public var action: Action?
    /// The merge request's state after the event.
    public var state: State?
    /// The previous head commit (`object_attributes.oldrev`), sent only when new code arrived.
    public var oldRevision: String?
    /// The head commit after the event (`object_attributes.last_commit.id`).
    public var headSHA: String?
    /// Whether the merge request is a draft (`draft`, older `work_in_progress`, or a `Draft:`/`WIP:` title prefix).
    public var isDraft: Bool?
    /// How the draft flag changed (`changes.draft`, older `changes.work_in_progress`, or a title prefix change).
    public var draftChange: DraftChange?

    /// Creates an event.
    public init(
        projectID: ProjectID?,
        mergeRequestIID: MergeRequestIID?,
        action: Action?,
        state: State?,
        oldRevision: String?,
        headSHA: String?,
        isDraft: Bool?,
        draftChange: DraftChange?
    ) {
        self.projectID = projectID
        self.mergeRequestIID = mergeRequestIID
        self.action = action
        self.state = state
        self.oldRevision = oldRevision
        self.headSHA = headSHA
        self.isDraft = isDraft
        self.draftChange = draftChange
    }
}
