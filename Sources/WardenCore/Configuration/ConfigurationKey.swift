/// One setting: its key in `warden.toml` and the environment variable that overrides it.
///
/// The list ``all`` is the single source of truth for which keys a file may contain; anything
/// else in the file is an error, so a typo cannot be silently ignored.
struct ConfigurationKey: Sendable, Hashable {
    /// The dotted key in `warden.toml` (`codex.sandbox_mode`).
    let fileKey: String
    /// The overriding environment variable (`WARDEN_SANDBOX_MODE`).
    let environmentName: String
    /// Whether the value is a ``Secret``; secrets may also come from a file named by
    /// `<environmentName>_FILE` or by the file key `<fileKey>_file`.
    let isSecret: Bool

    init(_ fileKey: String, _ environmentName: String, isSecret: Bool = false) {
        self.fileKey = fileKey
        self.environmentName = environmentName
        self.isSecret = isSecret
    }

    /// The environment variable naming a file that holds the secret.
    var environmentFileName: String { environmentName + "_FILE" }

    /// The file key naming a file that holds the secret.
    var fileKeyOfFile: String { fileKey + "_file" }

    static let listen = Self("listen", "WARDEN_LISTEN")
    static let dataDirectory = Self("data_dir", "WARDEN_DATA_DIR")
    static let logFormat = Self("log.format", "WARDEN_LOG_FORMAT")
    static let logLevel = Self("log.level", "WARDEN_LOG_LEVEL")
    static let codexBinary = Self("codex.bin", "WARDEN_CODEX_BIN")
    static let codexModel = Self("codex.model", "WARDEN_CODEX_MODEL")
    static let codexHome = Self("codex.home", "WARDEN_CODEX_HOME")
    static let codexSandboxMode = Self("codex.sandbox_mode", "WARDEN_SANDBOX_MODE")
    static let codexTimeout = Self("codex.timeout", "WARDEN_CODEX_TIMEOUT")
    static let codexPassEnvironment = Self("codex.pass_env", "WARDEN_CODEX_PASS_ENV")
    static let codexProxyEnvironment = Self("codex.proxy_env", "WARDEN_CODEX_PROXY_ENV")
    static let codexSeats = Self("codex.seats", "WARDEN_CODEX_SEATS")
    static let gitlabURL = Self("gitlab.url", "WARDEN_GITLAB_URL")
    static let gitlabToken = Self("gitlab.token", "WARDEN_GITLAB_TOKEN", isSecret: true)
    static let gitlabWebhookSecret = Self("gitlab.webhook_secret", "WARDEN_GITLAB_WEBHOOK_SECRET", isSecret: true)
    static let botUsername = Self("bot.username", "WARDEN_BOT_USERNAME")
    static let botUserID = Self("bot.user_id", "WARDEN_BOT_USER_ID")
    static let queueMaxAttempts = Self("queue.max_attempts", "WARDEN_QUEUE_MAX_ATTEMPTS")
    static let queueLease = Self("queue.lease", "WARDEN_QUEUE_LEASE")
    static let queueRetention = Self("queue.retention", "WARDEN_QUEUE_RETENTION")
    static let webhookMaxBodyBytes = Self("webhook.max_body_bytes", "WARDEN_WEBHOOK_MAX_BODY_BYTES")
    static let gatewayAPIKey = Self("gateway.api_key", "WARDEN_GATEWAY_API_KEY", isSecret: true)

    /// Every setting, in the order of the documentation table.
    static let all: [Self] = [
        listen, dataDirectory, logFormat, logLevel,
        codexBinary, codexModel, codexHome, codexSandboxMode, codexTimeout,
        codexPassEnvironment, codexProxyEnvironment, codexSeats,
        gitlabURL, gitlabToken, gitlabWebhookSecret, botUsername, botUserID,
        queueMaxAttempts, queueLease, queueRetention, webhookMaxBodyBytes, gatewayAPIKey,
    ]

    /// The environment variable naming the configuration file when `--config` is not given.
    static let configPathEnvironmentName = "WARDEN_CONFIG"

    /// Every key a configuration file may contain, including the `*_file` forms of secrets.
    static let allFileKeys: Set<String> = Set(all.flatMap { $0.isSecret ? [$0.fileKey, $0.fileKeyOfFile] : [$0.fileKey] })
}
