public import Codex
import Forge
import Foundation
import Git
public import Logging
public import Store
public import WardenCore

extension ReviewDependencies {
    /// The production composition: the forge clients (GitLab, GitHub or both), the repository cache under the data
    /// directory, and `codex exec` with the configured binary, pinned model, sandbox (read-only by default),
    /// `CODEX_HOME` and environment allowlist.
    ///
    /// - Parameters:
    ///   - configuration: the loaded configuration.
    ///   - gitlab: GitLab's URL, token and bot username, when GitLab is configured; its bot identity is resolved from
    ///     the token (`GET /user`) and checked against the username and `bot.user_id`.
    ///   - github: GitHub's API URL, credentials and bot login, when GitHub is configured.
    ///   - store: the reviews and threads store.
    ///   - settings: the review settings (`WARDEN_REVIEW_*`).
    ///   - outputFilter: applied to everything posted to either forge.
    ///   - threadLocks: the locks every worker of the process shares.
    ///   - runLedger: where every Codex run is recorded.
    ///   - rateLimits: told the seat's usage windows after every run, and asked about the reserve before each claim.
    ///   - logger: the `warden.review` logger.
    /// - Throws: `ConfigurationError` when the codex binary cannot be found, the GitLab token belongs to another
    ///   account, the GitHub App's key is not an RSA key, or neither forge is configured; `ForgeError` when GitLab
    ///   cannot be asked who the token belongs to.
    public static func live(
        configuration: WardenConfiguration,
        gitlab: WardenConfiguration.GitLabAccess?,
        github: GitHubSettings.Access?,
        store: some ReviewStore & ThreadStore,
        settings: ReviewSettings,
        outputFilter: OutputFilter,
        threadLocks: ThreadLocks = ThreadLocks(),
        runLedger: (any CodexRunLedger)? = nil,
        rateLimits: RateLimitMonitor? = nil,
        logger: Logger
    ) async throws -> ReviewDependencies {
        guard gitlab != nil || github != nil else {
            throw ConfigurationError.missingValue(
                key: "gitlab.url or github",
                expected: "GitLab (gitlab.url, gitlab.token, bot.username), GitHub (github.app_id with github.private_key_file, or github.token; github.bot_login), or both"
            )
        }
        let codex = configuration.codex
        let runner = ExecRunner(
            executable: try resolveExecutable(codex.binary),
            arguments: CodexArguments(model: codex.model, sandbox: codex.sandboxMode, execSidecar: codex.execSidecar),
            environment: ChildEnvironment(codex: codex),
            rateLimits: rateLimits,
            logger: Logger(label: "warden.codex")
        )
        let forge: any ForgeClient
        let bot: BotIdentity
        if let gitlab {
            let client = GitLabClient(
                baseURL: gitlab.url,
                token: gitlab.token,
                httpClient: OutboundHTTPClient.client(for: gitlab.url, proxy: configuration.proxy),
                outputFilter: outputFilter,
                logger: Logger(label: "warden.forge")
            )
            forge = client
            bot = try await BotIdentity.resolve(forge: client, configuredUsername: gitlab.botUsername, configuredUserID: configuration.bot.userID)
        } else {
            forge = UnconfiguredForge(name: "GitLab")
            bot = BotIdentity(username: "", userID: UnconfiguredForge.noUser)
        }
        let cache = { (root: String) in
            RepositoryCache(
                root: root,
                sharedGroup: configuration.worktreeGroup,
                proxy: configuration.proxy,
                worktreePool: settings.worktreePool,
                logger: Logger(label: "warden.git")
            )
        }
        return ReviewDependencies(
            forge: forge,
            repositories: cache(configuration.dataDirectory),
            gitCredential: gitlab.map { GitCredential(token: $0.token) },
            codex: runner,
            codexTimeout: codex.timeout,
            runLedger: runLedger,
            codexModel: codex.model,
            reviews: store,
            threads: store,
            bot: bot,
            settings: settings,
            threadLocks: threadLocks,
            rateLimits: rateLimits,
            logger: logger,
            github: try github.map {
                try GitHubConnector(access: $0, proxy: configuration.proxy, outputFilter: outputFilter, repositories: cache(configuration.dataDirectory + "/github"))
            }
        )
    }

    /// The absolute path of the codex binary: the configured path, or the first match on `PATH` for a bare name.
    static func resolveExecutable(_ binary: String, path: String? = ProcessInfo.processInfo.environment["PATH"]) throws(ConfigurationError) -> String
    {
        let files = FileManager.default
        if binary.contains("/") {
            let absolute = binary.hasPrefix("/") ? binary : files.currentDirectoryPath + "/" + binary
            if files.isExecutableFile(atPath: absolute) { return absolute }
        } else {
            for directory in (path ?? "").split(separator: ":") where files.isExecutableFile(atPath: "\(directory)/\(binary)") {
                return "\(directory)/\(binary)"
            }
        }
        throw .invalidValue(
            key: "codex.bin",
            problem: "names no executable file (\(binary))",
            expected: "a codex binary path or a name on PATH (WARDEN_CODEX_BIN); run scripts/install-codex"
        )
    }
}
