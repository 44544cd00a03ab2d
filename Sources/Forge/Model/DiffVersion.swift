/// One diff version of a merge request: the three commits that anchor inline comments.
///
/// GitLab creates a version on every push. Positions must name the SHAs of the newest one, or the comment lands
/// on an outdated diff (or is refused).
public struct DiffVersion: Sendable, Hashable {
    /// The version's id.
    public var id: Int
    /// The merge base of source and target when the version was created (`base_commit_sha`).
    public var baseSHA: String
    /// The target branch's tip when the version was created (`start_commit_sha`); not always the base.
    public var startSHA: String
    /// The source branch's tip (`head_commit_sha`).
    public var headSHA: String

    /// Creates a version value.
    public init(id: Int, baseSHA: String, startSHA: String, headSHA: String) {
        self.id = id
        self.baseSHA = baseSHA
        self.startSHA = startSHA
        self.headSHA = headSHA
    }
}
