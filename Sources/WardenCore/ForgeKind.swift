/// Which forge a job, a review or a webhook belongs to.
///
/// Numeric ids are only unique within one forge (a GitLab project and a GitHub repository may both be `42`), so
/// everything keyed by a project and a merge request number carries the forge too. The raw values are what the
/// store and `warden queue list --json` hold.
public enum ForgeKind: String, Sendable, Codable, CaseIterable, Hashable {
    /// GitLab (gitlab.com or self-managed): projects and merge requests.
    case gitlab
    /// GitHub (github.com or GitHub Enterprise Server): repositories and pull requests.
    case github
}
