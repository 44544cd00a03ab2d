/// A member's role on a GitLab project, as `review.min_access_level` names it.
public enum AccessLevel: String, Sendable, CaseIterable, Comparable {
    case guest, reporter, developer, maintainer, owner

    /// GitLab's number for the role (`access_level` in the members API).
    public var gitlabValue: Int {
        switch self {
        case .guest: 10
        case .reporter: 20
        case .developer: 30
        case .maintainer: 40
        case .owner: 50
        }
    }

    public static func < (lhs: AccessLevel, rhs: AccessLevel) -> Bool { lhs.gitlabValue < rhs.gitlabValue }
}
