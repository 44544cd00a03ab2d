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
    /// The bot account.
    public var bot: BotSettings
    /// Job retries and leases.
    public var queue: QueueSettings
    /// Webhook receiver limits.
    public var webhook: WebhookSettings
    /// The chat gateway.
    public var gateway: GatewaySettings

    /// The data directory when nothing is configured.
    public static let defaultDataDirectory = "./.warden"

    /// Creates a configuration from parts that are already valid.
    public init(
        listen: ListenAddress = .default,
        dataDirectory: String = Self.defaultDataDirectory,
        log: LogSettings,
        codex: CodexSettings,
        gitlab: GitLabSettings = GitLabSettings(),
        bot: BotSettings = BotSettings(),
        queue: QueueSettings = QueueSettings(),
        webhook: WebhookSettings = WebhookSettings(),
        gateway: GatewaySettings = GatewaySettings()
    ) {
        self.listen = listen
        self.dataDirectory = dataDirectory
        self.log = log
        self.codex = codex
        self.gitlab = gitlab
        self.bot = bot
        self.queue = queue
        self.webhook = webhook
        self.gateway = gateway
    }

    init(from sources: ConfigurationSources, host: ConfigurationHost) throws(ConfigurationError) {
        let listen: ListenAddress
        if let text = try sources.text(.listen, expected: ListenAddress.acceptedForm), let origin = sources.setting(.listen)?.origin {
            listen = try ListenAddress(validating: text, key: origin)
        } else {
            listen = .default
        }
        self.init(
            listen: listen,
            dataDirectory: try sources.text(.dataDirectory, expected: "a directory path") ?? Self.defaultDataDirectory,
            log: try LogSettings(from: sources, host: host),
            codex: try CodexSettings(from: sources, host: host),
            gitlab: try GitLabSettings(from: sources),
            bot: try BotSettings(from: sources),
            queue: try QueueSettings(from: sources),
            webhook: try WebhookSettings(from: sources),
            gateway: try GatewaySettings(from: sources)
        )
    }

    /// The GitLab settings the review bot cannot start without.
    public struct GitLabAccess: Sendable, Equatable {
        /// The instance's base URL, without a trailing slash.
        public var url: String
        /// The bot account's API token.
        public var token: Secret
        /// The webhook secret.
        public var webhookSecret: Secret
        /// The bot's username, without `@`.
        public var botUsername: String
    }

    /// Checks that everything the review bot needs from GitLab is configured.
    ///
    /// - Returns: the URL, token, webhook secret and bot username.
    /// - Throws: ``ConfigurationError`` naming the first missing key and its variable.
    public func requireGitLab() throws(ConfigurationError) -> GitLabAccess {
        func missing(_ key: ConfigurationKey) -> ConfigurationError {
            let variables = key.isSecret ? "\(key.environmentName) or \(key.environmentFileName)" : key.environmentName
            return .missingValue(key: key.fileKey, expected: "it in warden.toml or \(variables)")
        }
        guard let url = gitlab.url else { throw missing(.gitlabURL) }
        guard let token = gitlab.token else { throw missing(.gitlabToken) }
        guard let webhookSecret = gitlab.webhookSecret else { throw missing(.gitlabWebhookSecret) }
        guard let botUsername = bot.username else { throw missing(.botUsername) }
        return GitLabAccess(url: url, token: token, webhookSecret: webhookSecret, botUsername: botUsername)
    }
}
