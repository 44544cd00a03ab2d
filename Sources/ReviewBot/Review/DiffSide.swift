/// Which version of a file a finding's line numbers count in.
public enum DiffSide: String, Sendable, Hashable, Codable, CaseIterable {
    /// The file at the merge request's head: added and unchanged lines.
    case new
    /// The file at the merge base: lines the change removes.
    case old
}
