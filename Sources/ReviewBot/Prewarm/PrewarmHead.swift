public import WardenCore

/// A review head to fetch into the repository cache before its job asks for it, on either forge.
public enum PrewarmHead: Sendable, Hashable {
    /// A GitLab merge request head.
    case gitlab(ReviewTarget)
    /// A GitHub pull request head.
    case github(GitHubReviewTarget)

    /// The repository a fetch of this head goes to: one fetch per repository at a time.
    public var repository: PrewarmRepository {
        switch self {
        case .gitlab(let target): PrewarmRepository(forge: .gitlab, id: target.projectID)
        case .github(let target): PrewarmRepository(forge: .github, id: target.repository.id)
        }
    }

    /// The head commit.
    public var headSHA: String {
        switch self {
        case .gitlab(let target): target.headSHA
        case .github(let target): target.headSHA
        }
    }
}

/// A repository of one forge (GitLab project ids and GitHub repository ids are different numbers that may coincide).
public struct PrewarmRepository: Sendable, Hashable, CustomStringConvertible {
    /// The forge.
    public var forge: ForgeKind
    /// The project's or repository's id on it.
    public var id: Int

    /// Creates a key.
    public init(forge: ForgeKind, id: Int) {
        self.forge = forge
        self.id = id
    }

    /// `gitlab:<id>` or `github:<id>`, for logs.
    public var description: String { "\(forge.rawValue):\(id)" }
}
