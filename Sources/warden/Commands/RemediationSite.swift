import ArgumentParser
import Forge
import Git
import Remediation
import ReviewBot
import WardenCore

/// Where a `warden remediate` run works, from its `--repo`: the forge (GitLab, or a GitHub repository on github.com or
/// the host of `github.api_url`), its clone cache and git credential, and the values kept out of session logs.
struct RemediationSite {
    var forge: any ForgeClient
    var github: GitHubRemediationSite?
    var project: ProjectRef
    var repositories: RepositoryCache
    var credential: GitCredential?
    var secrets: [String]

    /// The GitHub repository or GitLab project `repo` names, with the access its forge needs.
    /// - Throws: ``ConfigurationError`` for missing access, `ValidationError` for an address or source that does not fit.
    static func resolve(_ repo: String, source: FindingSource, configuration: WardenConfiguration, outputFilter: OutputFilter) async throws -> RemediationSite {
        if let repository = GitHubRepositoryRef(webURL: repo, webHost: configuration.github.webHost) {
            guard !source.isGitLab else { throw ValidationError("--source \(source) reads GitLab, but --repo \(repo) is on GitHub") }
            let access = try configuration.github.requireAccess()
            let cache = RepositoryCache(root: configuration.dataDirectory + "/github", sharedGroup: configuration.worktreeGroup, proxy: configuration.proxy)
            // The review bot's connector: the same client, installation tokens and bare clones as `warden serve`.
            let connector = try GitHubConnector(access: access, proxy: configuration.proxy, outputFilter: outputFilter, repositories: cache)
            let id = try await connector.client.repository(repository).id
            let forge = GitHubForge(client: connector.client, repository: repository, repositoryID: id, botLogin: connector.botLogin)
            let github = GitHubRemediationSite(forge: forge)
            let credential = try await github.gitCredential()
            return RemediationSite(
                forge: forge, github: github, project: .id(id), repositories: cache, credential: credential,
                secrets: [credential.token.exposedValue]
            )
        }
        guard !source.isGitHub else { throw ValidationError("--source \(source) reads GitHub, but --repo \(repo) is not a GitHub repository") }
        guard let gitlabURL = configuration.gitlab.url, let token = configuration.gitlab.token else {
            throw ValidationError("GitLab access is not configured: set WARDEN_GITLAB_URL and WARDEN_GITLAB_TOKEN (or _FILE)")
        }
        guard let projectPath = RemediationAssembly.projectPath(of: repo, instance: gitlabURL) else {
            throw ValidationError("--repo \(repo) is not a project address under \(gitlabURL) nor a GitHub repository")
        }
        let forge = GitLabClient(
            baseURL: gitlabURL, token: token, httpClient: OutboundHTTPClient.client(for: gitlabURL, proxy: configuration.proxy),
            outputFilter: outputFilter
        )
        return RemediationSite(
            forge: forge, github: nil, project: .path(projectPath),
            repositories: RepositoryCache(root: configuration.dataDirectory, sharedGroup: configuration.worktreeGroup, proxy: configuration.proxy),
            credential: GitCredential(token: token), secrets: [token.exposedValue]
        )
    }
}
