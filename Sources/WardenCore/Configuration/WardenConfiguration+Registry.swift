public import Logging

extension WardenConfiguration {
    /// The settings of the shared core, declared once: the file key, the variable, the type, the default and the
    /// documentation of each. Systems declare theirs in their own module's `Registry`.
    public enum Registry {
        /// `listen`.
        public static let listen = Setting(
            "listen", "WARDEN_LISTEN",
            SettingType(form: ListenAddress.acceptedForm, decode: { input throws(ConfigurationError) in
                try ListenAddress(validating: input.text(expected: ListenAddress.acceptedForm), key: input.origin)
            }, render: \.description),
            default: ListenAddress.default,
            doc: "Address of the HTTP server."
        )
        /// `data_dir`.
        public static let dataDirectory = Setting<String?>(
            "data_dir", "WARDEN_DATA_DIR", .path(), defaultDescription: "`./.warden`",
            doc: "Directory for the embedded store and the clone cache; made absolute at start."
        )
        /// `log.format`.
        public static let logFormat = Setting<LogFormat?>(
            "log.format", "WARDEN_LOG_FORMAT", .choice(), defaultDescription: "`text` on a terminal, else `json`",
            doc: "Log line format: one JSON object per line, or text. Logs go to standard error."
        )
        /// `log.level`.
        public static let logLevel = Setting("log.level", "WARDEN_LOG_LEVEL", .choice(), default: Logger.Level.info, doc: "Lowest level logged.")
        /// `codex.bin`.
        public static let codexBinary = Setting<String?>(
            "codex.bin", "WARDEN_CODEX_BIN", .executable,
            defaultDescription: "`\(CodexSettings.bundledBinaryPath)` when present, else `codex` on `PATH`",
            doc: "The Codex CLI executable; a relative path is made absolute at start."
        )
        /// `codex.model`.
        public static let codexModel = Setting("codex.model", "WARDEN_CODEX_MODEL", .text("a model name"), default: "gpt-5.5", doc: "Model used for every Codex run.")
        /// `codex.home`.
        public static let codexHome = Setting<String?>(
            "codex.home", "WARDEN_CODEX_HOME", .path(), defaultDescription: "`$CODEX_HOME`, else `~/.codex`",
            doc: "Codex's home, passed to codex as `CODEX_HOME`. Its `config.toml` (model provider) and `auth.json` stay the operator's."
        )
        /// `codex.sandbox_mode`.
        public static let codexSandboxMode = Setting(
            "codex.sandbox_mode", "WARDEN_SANDBOX_MODE",
            SettingType(form: SandboxMode.allCases.map(\.rawValue).joined(separator: " | "), decode: { input throws(ConfigurationError) in
                try SandboxMode(validating: input.text(expected: SandboxMode.allCases.map(\.rawValue).joined(separator: " | ")), key: input.origin)
            }, render: \.rawValue),
            default: SandboxMode.default,
            doc: "Codex sandbox of every run."
        )
        /// `codex.timeout`.
        public static let codexTimeout = Setting("codex.timeout", "WARDEN_CODEX_TIMEOUT", .duration, default: .seconds(15 * 60), doc: "Wall-clock limit of one Codex run.")
        /// `codex.pass_env`.
        public static let codexPassEnvironment = Setting(
            "codex.pass_env", "WARDEN_CODEX_PASS_ENV", .variableNames, default: ["OPENAI_API_KEY", "CODEX_API_KEY"],
            doc: "Names of variables codex needs to authenticate, passed through from Warden's environment."
        )
        /// `codex.proxy_env`.
        public static let codexProxyEnvironment = Setting(
            "codex.proxy_env", "WARDEN_CODEX_PROXY_ENV", .variableNames,
            default: ["HTTPS_PROXY", "HTTP_PROXY", "NO_PROXY", "https_proxy", "http_proxy", "no_proxy"],
            doc: "Names of proxy variables passed through to codex."
        )
        /// `codex.https_proxy`.
        public static let codexHTTPSProxy = Setting<ProxyEndpoint?>(
            "codex.https_proxy", "WARDEN_CODEX_HTTPS_PROXY", .proxyURL, defaultDescription: "none (the variables `codex.proxy_env` names)",
            doc: "Proxy for codex's own traffic (the model provider), passed to codex as `HTTPS_PROXY`/`HTTP_PROXY` with "
                + "`NO_PROXY` for loopback; when set, no proxy variable of Warden's environment reaches codex. Separate from "
                + "`proxy.url` so the two can have different allowlists."
        )
        /// `codex.exec_sidecar`.
        public static let codexExecSidecar = Setting(
            "codex.exec_sidecar", "WARDEN_CODEX_EXEC_SIDECAR", .boolean, default: false,
            doc: "Codex's shell is `warden exec-shim` (the model's commands run in the exec container): every tool that "
                + "would run inside codex's own process in the bot's container is turned off (`apply_patch`, `view_image`; "
                + "remediation edits through the shell), and `gateway.tools` may not list them."
        )
        /// `codex.seats`.
        public static let codexSeats = Setting(
            "codex.seats", "WARDEN_CODEX_SEATS", .integer(1...Int.max), default: 1,
            doc: "How many Codex runs may happen at once in the whole deployment: every replica and `warden remediate` on one "
                + "store share the seats (leases in the store). `warden serve` also runs this many workers per replica."
        )
        /// `codex.seat_lease`.
        public static let codexSeatLease = Setting(
            "codex.seat_lease", "WARDEN_CODEX_SEAT_LEASE", .duration, default: .seconds(60),
            doc: "How long a Codex seat (and the lock on a Codex thread) is held without renewal: renewed every third of it "
                + "while the run lasts, and taken over by another replica this long after its holder crashed."
        )
        /// `codex.reserve_percent`.
        public static let codexReservePercent = Setting(
            "codex.reserve_percent", "WARDEN_CODEX_RESERVE_PERCENT", .integer(0...99), default: 0,
            doc: "Keeps the last part of the Codex seat's usage windows for people: a run that finds a window at or above "
                + "100 minus this percentage does not start, and the seat is held until that window resets (0: only a full "
                + "window holds)."
        )
        /// `gitlab.url`.
        public static let gitlabURL = Setting<String?>(
            "gitlab.url", "WARDEN_GITLAB_URL", .text(GitLabSettings.urlForm, echo: false, accept: GitLabSettings.normalizedURL),
            doc: "Base URL of the GitLab instance."
        )
        /// `gitlab.token`.
        public static let gitlabToken = Setting<Secret?>("gitlab.token", "WARDEN_GITLAB_TOKEN", .secret, doc: "API token of the bot account.")
        /// `gitlab.webhook_secret`.
        public static let gitlabWebhookSecret = Setting<Secret?>(
            "gitlab.webhook_secret", "WARDEN_GITLAB_WEBHOOK_SECRET", .secret,
            doc: "Secret token GitLab sends with every webhook (`X-Gitlab-Token`)."
        )
        /// `gitlab.allow_short_webhook_secret`.
        public static let gitlabAllowShortWebhookSecret = Setting(
            "gitlab.allow_short_webhook_secret", "WARDEN_GITLAB_ALLOW_SHORT_WEBHOOK_SECRET", .boolean, default: false,
            doc: "Accept a webhook secret shorter than 16 characters (refused by default: a short secret can be guessed)."
        )
        /// `github.api_url`.
        public static let githubAPIURL = Setting(
            "github.api_url", "WARDEN_GITHUB_API_URL", .text(GitHubSettings.apiURLForm, echo: false, accept: GitLabSettings.normalizedURL),
            default: GitHubSettings.defaultAPIURL,
            doc: "Base URL of GitHub's REST API; GitHub Enterprise Server: `https://<host>/api/v3`."
        )
        /// `github.app_id`.
        public static let githubAppID = Setting<Int?>(
            "github.app_id", "WARDEN_GITHUB_APP_ID", .integer(1...Int.max),
            doc: "The GitHub App's id, when the bot is an App (with `github.private_key_file`)."
        )
        /// `github.private_key` (in practice `github.private_key_file`).
        public static let githubPrivateKey = Setting<Secret?>(
            "github.private_key", "WARDEN_GITHUB_PRIVATE_KEY", .secret,
            doc: "The GitHub App's private key (PEM), best named as a file: it signs the JWTs that buy installation tokens."
        )
        /// `github.token`.
        public static let githubToken = Setting<Secret?>(
            "github.token", "WARDEN_GITHUB_TOKEN", .secret,
            doc: "Access token of the bot account, when the bot is not a GitHub App."
        )
        /// `github.webhook_secret`.
        public static let githubWebhookSecret = Setting<Secret?>(
            "github.webhook_secret", "WARDEN_GITHUB_WEBHOOK_SECRET", .secret,
            doc: "Secret GitHub signs every webhook with (`X-Hub-Signature-256`); at least 16 characters."
        )
        /// `github.bot_login`.
        public static let githubBotLogin = Setting<String?>(
            "github.bot_login", "WARDEN_GITHUB_BOT_LOGIN", .text(GitHubSettings.botLoginForm, accept: GitHubSettings.acceptedLogin),
            doc: "The bot's login (`warden-bot[bot]` for an App); mentions of it start follow-ups, its own comments are ignored."
        )
        /// `bot.username`.
        public static let botUsername = Setting<String?>(
            "bot.username", "WARDEN_BOT_USERNAME",
            .text(BotSettings.usernameForm) { name in name.hasPrefix("@") || name.contains(where: \.isWhitespace) ? nil : name },
            doc: "The bot account's username, without `@`; mentions of it start follow-ups."
        )
        /// `bot.user_id`.
        public static let botUserID = Setting<Int?>(
            "bot.user_id", "WARDEN_BOT_USER_ID", .integer(1...Int.max), doc: "The bot account's numeric user id; its own notes are ignored."
        )
        /// `queue.max_attempts`.
        public static let queueMaxAttempts = Setting(
            "queue.max_attempts", "WARDEN_QUEUE_MAX_ATTEMPTS", .integer(1...Int.max), default: 5, doc: "Attempts before a job fails for good."
        )
        /// `queue.lease`.
        public static let queueLease = Setting(
            "queue.lease", "WARDEN_QUEUE_LEASE", .duration, default: .seconds(10 * 60),
            doc: "How long a worker holds a claimed job before another may take it."
        )
        /// `queue.retention`.
        public static let queueRetention = Setting(
            "queue.retention", "WARDEN_QUEUE_RETENTION", .duration, default: .seconds(30 * 86_400),
            doc: "How long `done` and `superseded` jobs are kept before they are deleted."
        )
        /// `store.review_retention`.
        public static let storeReviewRetention = Setting(
            "store.review_retention", "WARDEN_STORE_REVIEW_RETENTION", .duration, default: .seconds(90 * 86_400),
            doc: "How long review, follow-up thread and remediation records are kept after their last update (a thread's "
                + "last use): a merge request untouched for longer is reviewed in full on its next push, and a discussion "
                + "left alone for longer starts a new Codex thread."
        )
        /// `store.url`.
        public static let storeURL = Setting<StoreURL?>(
            "store.url", "WARDEN_STORE_URL",
            SettingType(form: StoreURL.acceptedForm, decode: { input throws(ConfigurationError) in
                let text = try input.text(expected: StoreURL.acceptedForm)
                do throws(StoreURLError) {
                    return try StoreURL(parsing: text, workingDirectory: input.workingDirectory)
                } catch {
                    // Never echo the URL: it may hold a password.
                    throw input.invalid("is not a store URL: \(error.problem)", expected: StoreURL.acceptedForm)
                }
            }, render: \.description),
            defaultDescription: "`sqlite:<data_dir>/warden.sqlite`",
            doc: "The store: the embedded SQLite file, or a PostgreSQL database that several replicas share "
                + "(`sslmode` defaults to `verify-full`). A password in the URL is never shown; prefer `store.password`."
        )
        /// `store.password`.
        public static let storePassword = Setting<Secret?>(
            "store.password", "WARDEN_STORE_PASSWORD", .secret,
            doc: "Password of the PostgreSQL role in `store.url` (wins over one written in the URL)."
        )
        /// `store.ca_file`.
        public static let storeCAFile = Setting<String?>(
            "store.ca_file", "WARDEN_STORE_CA_FILE", .path(), defaultDescription: "the system's trust store",
            doc: "PEM file of the certificate authorities that sign the PostgreSQL server's certificate (`sslmode=verify-full`)."
        )
        /// `store.pool_size`.
        public static let storePoolSize = Setting(
            "store.pool_size", "WARDEN_STORE_POOL_SIZE", .integer(1...1000), default: 10,
            doc: "Most PostgreSQL connections one Warden process opens (one more is held for wake-ups)."
        )
        /// `git.worktree_group`.
        public static let gitWorktreeGroup = Setting<Int?>(
            "git.worktree_group", "WARDEN_GIT_WORKTREE_GROUP", .integer(0...Int(UInt32.max - 1)),
            defaultDescription: "none (owner-only)",
            doc: "Numeric gid the exec sidecar runs in (the pod's `fsGroup`): the data directory becomes searchable and "
                + "`repos/` and `worktrees/` readable (set-gid, 2750) by it, so the exec server, under another uid, can run "
                + "commands in the worktrees. The bot must be a member."
        )
        /// `proxy.url`.
        public static let proxyURL = Setting<ProxyEndpoint?>(
            "proxy.url", "WARDEN_HTTPS_PROXY", .proxyURL, defaultDescription: "none (direct)",
            doc: "Proxy for Warden's own traffic: the forge's API and git fetch and push (given to git through its "
                + "environment, never a file). Codex has its own, `codex.https_proxy`."
        )
        /// `proxy.no_proxy`.
        public static let proxyNoProxy = Setting(
            "proxy.no_proxy", "WARDEN_NO_PROXY", .list("host names, domains (`.example.com`) or addresses; `*` for all"),
            default: ProxySettings.defaultNoProxy,
            doc: "Hosts Warden reaches directly even with `proxy.url` set; a domain covers the names under it."
        )
        /// `webhook.max_body_bytes`.
        public static let webhookMaxBodyBytes = Setting(
            "webhook.max_body_bytes", "WARDEN_WEBHOOK_MAX_BODY_BYTES", .integer(1...Int.max), default: 26_214_400,
            defaultDescription: "`26214400` (25 MiB)", doc: "Largest webhook body accepted, in bytes."
        )
        /// `gateway.api_key`.
        public static let gatewayAPIKey = Setting<Secret?>(
            "gateway.api_key", "WARDEN_GATEWAY_API_KEY", .secret, doc: "Key clients of the chat gateway must present (at least 16 characters)."
        )

        /// Every core setting, in documentation order.
        public static let all: [any AnySetting] = [
            listen, dataDirectory, logFormat, logLevel,
            codexBinary, codexModel, codexHome, codexSandboxMode, codexTimeout, codexPassEnvironment, codexProxyEnvironment,
            codexHTTPSProxy, codexExecSidecar, codexSeats, codexSeatLease, codexReservePercent,
            gitlabURL, gitlabToken, gitlabWebhookSecret, gitlabAllowShortWebhookSecret,
            githubAPIURL, githubAppID, githubPrivateKey, githubToken, githubWebhookSecret, githubBotLogin, botUsername, botUserID,
            queueMaxAttempts, queueLease, queueRetention, storeReviewRetention, storeURL, storePassword, storeCAFile, storePoolSize,
            gitWorktreeGroup, proxyURL, proxyNoProxy, webhookMaxBodyBytes, gatewayAPIKey,
        ]

        /// A registry of the core settings alone.
        public static let registry = SettingsRegistry(all)
    }
}

extension WardenConfiguration {
    /// The effective values of settings whose default depends on the machine, by file key, for `warden config show`.
    public var computedDefaults: [String: String] {
        [
            Registry.dataDirectory.fileKey: dataDirectory,
            Registry.logFormat.fileKey: log.format.rawValue,
            Registry.codexBinary.fileKey: codex.binary,
            Registry.codexHome.fileKey: codex.home,
        ]
    }
}
