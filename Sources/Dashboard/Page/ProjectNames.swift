public import WardenCore

/// How the page names projects and links merge requests: the configured web bases, the GitLab project paths looked up
/// for this page, and GitHub's `owner/name` of each repository id the jobs carry.
public struct ProjectNames: Sendable, Equatable {
    /// `gitlab.url`, when configured.
    public var gitlabURL: String?
    /// GitHub's web base (`https://github.com`, or the GitHub Enterprise Server web host), when GitHub is configured.
    public var githubURL: String?
    /// GitLab project paths by project id.
    public var gitlabPaths: [ProjectID: String]
    /// GitHub `owner/name` by repository id.
    public var githubRepositories: [ProjectID: String]

    /// Creates names.
    public init(
        gitlabURL: String? = nil, githubURL: String? = nil, gitlabPaths: [ProjectID: String] = [:], githubRepositories: [ProjectID: String] = [:]
    ) {
        self.gitlabURL = gitlabURL
        self.githubURL = githubURL
        self.gitlabPaths = gitlabPaths
        self.githubRepositories = githubRepositories
    }

    /// The project's path, when known.
    func path(_ forge: ForgeKind, _ projectID: ProjectID) -> String? {
        forge == .gitlab ? gitlabPaths[projectID] : githubRepositories[projectID]
    }

    /// What the page shows for a project: its path, else its id.
    func name(_ forge: ForgeKind, _ projectID: ProjectID) -> String {
        path(forge, projectID) ?? "\(projectID)"
    }

    /// `!12` on GitLab, `#12` on GitHub.
    static func reference(_ forge: ForgeKind, _ number: MergeRequestIID) -> String {
        forge == .github ? "#\(number)" : "!\(number)"
    }

    /// The merge request's web address, or `nil` when its base or path is unknown or unsafe (``MergeRequestLink``).
    func link(_ forge: ForgeKind, _ projectID: ProjectID, _ number: MergeRequestIID) -> String? {
        MergeRequestLink.url(forge: forge, base: forge == .gitlab ? gitlabURL : githubURL, path: path(forge, projectID), number: number)
    }
}
