public import Codex
import Forge
import Foundation
import Git
public import Logging
public import Store
public import WardenCore

extension ReviewDependencies {
    /// The production composition: the GitLab client, the repository cache under the data directory, and
    /// `codex exec` with the configured binary, pinned model, sandbox (read-only by default), `CODEX_HOME` and
    /// environment allowlist.
    ///
    /// - Parameters:
    ///   - configuration: the loaded configuration.
    ///   - gitlabURL: the GitLab instance.
    ///   - token: the bot account's token.
    ///   - botUsername: the bot account's username.
    ///   - store: the reviews and threads store.
    ///   - settings: the review settings (`WARDEN_REVIEW_*`).
    ///   - outputFilter: applied to everything posted to GitLab.
    ///   - threadLocks: the locks every worker of the process shares.
    ///   - rateLimits: told the seat's usage windows after every run, and asked about the reserve before each claim.
    ///   - logger: the `warden.review` logger.
    /// The bot's identity is resolved from the token (`GET /user`) and checked against `botUsername` and `bot.user_id`.
    ///
    /// - Throws: `ConfigurationError` when the codex binary cannot be found or the token belongs to another account;
    ///   `ForgeError` when GitLab cannot be asked who the token belongs to.
    public static func live(
        configuration: WardenConfiguration,
        gitlabURL: String,
        token: Secret,
        botUsername: String,
        store: some ReviewStore & ThreadStore,
        settings: ReviewSettings,
        outputFilter: OutputFilter,
        threadLocks: ThreadLocks = ThreadLocks(),
        rateLimits: RateLimitMonitor? = nil,
        logger: Logger
    ) async throws -> ReviewDependencies {
        let codex = configuration.codex
        let runner = ExecRunner(
            executable: try resolveExecutable(codex.binary),
            arguments: CodexArguments(model: codex.model, sandbox: codex.sandboxMode, execSidecar: codex.execSidecar),
            environment: ChildEnvironment(codex: codex),
            rateLimits: rateLimits,
            logger: Logger(label: "warden.codex")
        )
        let forge = GitLabClient(
            baseURL: gitlabURL,
            token: token,
            httpClient: OutboundHTTPClient.client(for: gitlabURL, proxy: configuration.proxy),
            outputFilter: outputFilter,
            logger: Logger(label: "warden.forge")
        )
        let bot = try await BotIdentity.resolve(forge: forge, configuredUsername: botUsername, configuredUserID: configuration.bot.userID)
        return ReviewDependencies(
            forge: forge,
            repositories: RepositoryCache(
                root: configuration.dataDirectory,
                sharedGroup: configuration.worktreeGroup,
                proxy: configuration.proxy,
                worktreePool: settings.worktreePool,
                logger: Logger(label: "warden.git")
            ),
            gitCredential: GitCredential(token: token),
            codex: runner,
            codexTimeout: codex.timeout,
            reviews: store,
            threads: store,
            bot: bot,
            settings: settings,
            threadLocks: threadLocks,
            rateLimits: rateLimits,
            logger: logger
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
