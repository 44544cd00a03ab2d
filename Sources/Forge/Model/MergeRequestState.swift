/// The lifecycle state of a merge request.
public enum MergeRequestState: Sendable, Hashable {
    /// Open for review (`opened`).
    case opened
    /// Closed without merging.
    case closed
    /// Merged into the target branch.
    case merged
    /// Locked while GitLab merges it.
    case locked
    /// A state this version of Warden does not know, kept as sent.
    case other(String)

    /// Reads the forge's word for the state.
    public init(rawValue: String) {
        switch rawValue {
        case "opened", "open": self = .opened
        case "closed": self = .closed
        case "merged": self = .merged
        case "locked": self = .locked
        default: self = .other(rawValue)
        }
    }

    /// GitLab's word for the state.
    public var rawValue: String {
        switch self {
        case .opened: return "opened"
        case .closed: return "closed"
        case .merged: return "merged"
        case .locked: return "locked"
        case .other(let value): return value
        }
    }
}
