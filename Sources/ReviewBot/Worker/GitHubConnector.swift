public import Forge
public import Git
public import WardenCore

/// The GitHub side of a job: a repository-bound ``GitHubForge``, one-review publishing, a git credential holding the
/// installation's (or the configured) token as `x-access-token`, and the bot's identity.
///
/// GitHub's repositories have a bare-clone cache of their own (its root is `<data dir>/github`): repository ids and
/// GitLab project ids are different numbers that may coincide. Everything else of a review (Codex, the stores, the
/// settings, the locks) is shared with GitLab jobs, so both forges run one pipeline.
public struct GitHubConnector: Sendable {
    /// The API client (its installation tokens are cached across jobs).
    public let client: GitHubClient
    /// `github.bot_login`.
    public let botLogin: String
    /// The bare clones and worktrees of GitHub repositories.
    public let repositories: RepositoryCache
    private let identity = IdentityCache()

    /// Creates a connector.
    public init(client: GitHubClient, botLogin: String, repositories: RepositoryCache) {
        self.client = client
        self.botLogin = botLogin
        self.repositories = repositories
    }

    /// The dependencies of one job on `repository`: `base` with the forge, the publishing, the git credential and the
    /// bot replaced by GitHub's.
    ///
    /// - Parameters:
    ///   - base: the process's dependencies.
    ///   - repository: `owner/name` and the installation, when the webhook named it.
    ///   - repositoryID: the repository's numeric id (the job's project id).
    /// The repository is read first: that call refreshes an installation token GitHub no longer takes (before it goes
    /// to git, which cannot), and it refuses a job whose `owner/name` now names another repository (renamed or
    /// transferred since the delivery) than its id.
    ///
    /// - Throws: ``ForgeError`` when the bot's id or an installation token cannot be had, or the name now belongs to
    ///   another repository.
    public func dependencies(from base: ReviewDependencies, repository: GitHubRepositoryRef, repositoryID: Int) async throws -> ReviewDependencies {
        let forge = try await verifiedForge(repository: repository, repositoryID: repositoryID)
        var dependencies = base
        dependencies.forge = forge
        dependencies.publishing = .github(client, repository)
        dependencies.repositories = repositories
        dependencies.gitCredential = try await gitCredential(for: repository)
        dependencies.bot = try await identity.resolve(forge)
        return dependencies
    }

    /// Fetches a pull request's head into ``repositories`` ahead of its job (the pre-warm), from the clone URL the API
    /// gives (never the webhook's), with the installation's token, by the ref the job's own fetch asks for.
    ///
    /// - Throws: ``ForgeError`` as ``dependencies(from:repository:repositoryID:)`` does (a moved repository is not
    ///   fetched), or `GitError` when the fetch fails.
    public func prefetch(_ target: GitHubReviewTarget) async throws {
        guard let repository = GitHubRepositoryRef(fullName: target.repository.fullName, installationID: target.repository.installationID) else {
            throw ForgeError.forbidden(operation: "pre-warm", message: "\(target.repository.fullName) is not owner/name")
        }
        let forge = try await verifiedForge(repository: repository, repositoryID: target.repository.id)
        let project = try await forge.project(.id(target.repository.id))
        try await repositories.prefetch(
            project: target.repository.id,
            remoteURL: project.httpURLToRepo,
            credential: try await gitCredential(for: repository),
            sha: target.headSHA,
            fetchRefs: [forge.headRef(iid: target.number)]
        )
    }

    /// The forge for `repository`, once its `owner/name` is known to still name `repositoryID`.
    private func verifiedForge(repository: GitHubRepositoryRef, repositoryID: Int) async throws -> GitHubForge {
        let current = try await client.repository(repository)
        guard current.id == repositoryID else {
            throw ForgeError.forbidden(
                operation: "GET \(repository.apiPath)",
                message: "\(repository.fullName) is now repository \(current.id), not \(repositoryID) (renamed or transferred since the delivery)"
            )
        }
        return GitHubForge(client: client, repository: repository, repositoryID: repositoryID, botLogin: botLogin)
    }

    /// The installation's (or the configured) token as git's `x-access-token` credential.
    private func gitCredential(for repository: GitHubRepositoryRef) async throws -> GitCredential {
        GitCredential(token: try await client.gitToken(for: repository), username: "x-access-token")
    }

    /// The bot's account, asked once per process: a login's id never changes.
    private actor IdentityCache {
        private var known: BotIdentity?

        func resolve(_ forge: GitHubForge) async throws -> BotIdentity {
            if let known { return known }
            let user = try await forge.currentUser()
            let identity = BotIdentity(username: user.username, userID: user.id)
            known = identity
            return identity
        }
    }
}

extension GitHubRepositoryRef {
    /// A reference from a job's `owner/name` and installation.
    /// - Returns: `nil` when `fullName` is not `owner/name`.
    public init?(fullName: String, installationID: Int?) {
        let parts = fullName.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, parts.allSatisfy({ !$0.isEmpty }) else { return nil }
        self.init(owner: String(parts[0]), name: String(parts[1]), installationID: installationID)
    }
}

extension GitHubConnector {
    /// The production connector: a client for `access` (through `proxy.url` unless `proxy.no_proxy` names the API's
    /// host), posting only what `outputFilter` lets through.
    ///
    /// - Throws: ``ConfigurationError`` naming `github.private_key` when the App's key is not an RSA key in PEM.
    public init(
        access: GitHubSettings.Access, proxy: ProxySettings, outputFilter: OutputFilter, repositories: RepositoryCache
    ) throws(ConfigurationError) {
        let authentication: GitHubAuthentication
        switch access.credentials {
        case .token(let token):
            authentication = .token(token)
        case .app(let id, let pem):
            do {
                authentication = .app(id: id, privateKey: try GitHubAppJWT.privateKey(pem: pem.exposedValue))
            } catch {
                throw .invalidValue(key: WardenConfiguration.Registry.githubPrivateKey.fileKey, problem: error.description, expected: nil)
            }
        }
        let client = GitHubClient(
            apiURL: access.apiURL,
            authentication: authentication,
            httpClient: OutboundHTTPClient.client(for: access.apiURL, proxy: proxy),
            outputFilter: outputFilter
        )
        self.init(client: client, botLogin: access.botLogin, repositories: repositories)
    }
}
