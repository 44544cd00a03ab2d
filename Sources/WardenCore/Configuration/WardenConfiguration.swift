/// Everything Warden is configured with, validated: build it with ``ConfigurationLoader/load(configPath:environment:host:)``.
public struct WardenConfiguration: Sendable, Equatable {
    /// Where the HTTP server listens.
    public var listen: ListenAddress
    /// The directory for the embedded store and the clone cache.
    public var dataDirectory: String
    /// Log format and level.
    public var log: LogSettings
    /// How Codex is run.
    public var codex: CodexSettings
    /// The GitLab instance and credentials.
    public var gitlab: GitLabSettings
    /// The GitHub instance and credentials.
    public var github: GitHubSettings
    /// The bot account.
    public var bot: BotSettings
    /// Job retries and leases.
    public var queue: QueueSettings
    /// Webhook receiver limits.
    public var webhook: WebhookSettings
    /// The chat gateway.
    public var gateway: GatewaySettings
    /// The group that may read worktrees and clones (the exec sidecar's, `git.worktree_group`); `nil`: owner-only.
    public var worktreeGroup: UInt32?
    /// The proxy Warden's own HTTP traffic and git go through (`proxy.url`, `proxy.no_proxy`).
    public var proxy: ProxySettings
    /// Which store to open and how.
    public var store: StoreSettings

    /// The data directory when nothing is configured.
    public static let defaultDataDirectory = "./.warden"

    /// Creates a configuration from parts that are already valid.
    public init(
        listen: ListenAddress = .default,
        dataDirectory: String = Self.defaultDataDirectory,
        log: LogSettings,
        codex: CodexSettings,
        gitlab: GitLabSettings = GitLabSettings(),
        github: GitHubSettings = GitHubSettings(),
        bot: BotSettings = BotSettings(),
        queue: QueueSettings = QueueSettings(),
        webhook: WebhookSettings = WebhookSettings(),
        gateway: GatewaySettings = GatewaySettings(),
        worktreeGroup: UInt32? = nil,
        proxy: ProxySettings = ProxySettings(),
        store: StoreSettings? = nil
    ) {
        self.listen = listen
        self.dataDirectory = dataDirectory
        self.log = log
        self.codex = codex
        self.gitlab = gitlab
        self.github = github
        self.bot = bot
        self.queue = queue
        self.webhook = webhook
        self.gateway = gateway
        self.worktreeGroup = worktreeGroup
        self.proxy = proxy
        self.store = store ?? StoreSettings(url: .sqlite(dataDirectory: dataDirectory))
    }

    /// Reads the core settings.
    ///
    /// - Parameter values: the loaded layers.
    /// - Throws: ``ConfigurationError`` naming the variable or key whose value is not accepted.
    public init(from values: ConfigurationValues) throws(ConfigurationError) {
        let dataDirectory = try values.value(Registry.dataDirectory)
            ?? PathResolution.absolute(Self.defaultDataDirectory, in: values.host.currentDirectory)
        self.init(
            listen: try values.value(Registry.listen),
            dataDirectory: dataDirectory,
            log: try LogSettings(from: values),
            codex: try CodexSettings(from: values),
            gitlab: try GitLabSettings(from: values),
            github: try GitHubSettings(from: values),
            bot: try BotSettings(from: values),
            queue: try QueueSettings(from: values),
            webhook: try WebhookSettings(from: values),
            gateway: try GatewaySettings(from: values),
            worktreeGroup: try values.value(Registry.gitWorktreeGroup).map(UInt32.init),
            proxy: try ProxySettings(from: values),
            store: try StoreSettings(from: values, dataDirectory: dataDirectory)
        )
    }

    /// The GitLab settings the review workers cannot start without.
    public struct GitLabAccess: Sendable, Equatable {
        /// The instance's base URL, without a trailing slash.
        public var url: String
        /// The bot account's API token.
        public var token: Secret
        /// The bot's username, without `@`.
        public var botUsername: String
    }

    /// Checks that everything the review workers need from GitLab is configured (the webhook secret is the receiver's: ``GitLabSettings/requireWebhookSecret()``).
    ///
    /// - Returns: the URL, token and bot username.
    /// - Throws: ``ConfigurationError`` naming the first missing key and its variable.
    public func requireGitLab() throws(ConfigurationError) -> GitLabAccess {
        guard let url = gitlab.url else { throw Registry.gitlabURL.missing }
        guard let token = gitlab.token else { throw Registry.gitlabToken.missing }
        guard let botUsername = bot.username else { throw Registry.botUsername.missing }
        return GitLabAccess(url: url, token: token, botUsername: botUsername)
    }
}
