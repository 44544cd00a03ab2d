/// The `github` section: the GitHub or GitHub Enterprise Server instance and the credentials the review bot uses there.
///
/// Every field is optional when loading, because GitLab alone is enough to start; the commands that talk to GitHub
/// call ``requireAccess()``. The credentials are either a GitHub App (``appID`` and ``privateKey``) or a token.
public struct GitHubSettings: Sendable, Equatable {
    /// The REST API's base URL, without a trailing slash: `https://api.github.com`, or `https://<host>/api/v3`.
    public var apiURL: String
    /// The GitHub App's id, when the bot is an App.
    public var appID: Int?
    /// The GitHub App's private key (PEM), read from `github.private_key_file` in practice.
    public var privateKey: Secret?
    /// A personal or fine-grained access token, when the bot is not an App.
    public var token: Secret?
    /// The secret GitHub signs every webhook delivery with (`X-Hub-Signature-256`).
    public var webhookSecret: Secret?
    /// The bot's login (`warden-bot[bot]` for an App); mentions of it start follow-ups, its own comments are ignored.
    public var botLogin: String?

    /// github.com's API.
    public static let defaultAPIURL = "https://api.github.com"

    /// The accepted form of ``apiURL``.
    public static let apiURLForm = "an http or https URL without credentials, query or fragment (https://github.example.com/api/v3)"

    /// The accepted form of ``botLogin``.
    public static let botLoginForm = "a login without @ or spaces (warden-bot[bot])"

    /// Creates settings from values that are already valid.
    public init(
        apiURL: String = Self.defaultAPIURL,
        appID: Int? = nil,
        privateKey: Secret? = nil,
        token: Secret? = nil,
        webhookSecret: Secret? = nil,
        botLogin: String? = nil
    ) {
        self.apiURL = apiURL
        self.appID = appID
        self.privateKey = privateKey
        self.token = token
        self.webhookSecret = webhookSecret
        self.botLogin = botLogin
    }

    /// Whether anything of GitHub is configured, so `warden serve` knows to serve it.
    public var isConfigured: Bool {
        appID != nil || privateKey != nil || token != nil || webhookSecret != nil || botLogin != nil
    }

    /// How Warden authenticates to GitHub.
    public enum Credentials: Sendable, Equatable {
        /// A GitHub App: a JWT signed with the private key buys an installation token per installation.
        case app(id: Int, privateKey: Secret)
        /// One token for every call.
        case token(Secret)
    }

    /// What the review workers need from GitHub.
    public struct Access: Sendable, Equatable {
        /// The REST API's base URL.
        public var apiURL: String
        /// The credentials.
        public var credentials: Credentials
        /// The bot's login.
        public var botLogin: String
    }

    /// Checks that the credentials and the bot's login are configured, and that only one kind of credentials is.
    ///
    /// - Returns: the API URL, the credentials and the login.
    /// - Throws: ``ConfigurationError`` naming the first missing or conflicting key.
    public func requireAccess() throws(ConfigurationError) -> Access {
        let registry = WardenConfiguration.Registry.self
        let credentials: Credentials
        switch (appID, privateKey, token) {
        case (let id?, let key?, nil): credentials = .app(id: id, privateKey: key)
        case (nil, nil, let token?): credentials = .token(token)
        case (_?, nil, nil): throw registry.githubPrivateKey.missing
        case (nil, _?, nil): throw registry.githubAppID.missing
        case (nil, nil, nil): throw registry.githubToken.missing
        default:
            throw .invalidValue(
                key: registry.githubToken.fileKey,
                problem: "is set together with \(registry.githubAppID.fileKey)",
                expected: "either a GitHub App (\(registry.githubAppID.fileKey), \(registry.githubPrivateKey.fileKey)_file) or a token, not both"
            )
        }
        guard let botLogin else { throw registry.githubBotLogin.missing }
        return Access(apiURL: apiURL, credentials: credentials, botLogin: botLogin)
    }

    /// The webhook secret, refused when missing or shorter than ``GitLabSettings/minimumWebhookSecretLength``.
    ///
    /// - Throws: ``ConfigurationError`` naming `github.webhook_secret`, never quoting the secret.
    public func requireWebhookSecret() throws(ConfigurationError) -> Secret {
        let setting = WardenConfiguration.Registry.githubWebhookSecret
        guard let webhookSecret else { throw setting.missing }
        guard webhookSecret.exposedValue.count >= GitLabSettings.minimumWebhookSecretLength else {
            throw .invalidValue(
                key: setting.fileKey,
                problem: "is shorter than \(GitLabSettings.minimumWebhookSecretLength) characters",
                expected: "a random secret of at least \(GitLabSettings.minimumWebhookSecretLength) characters"
            )
        }
        return webhookSecret
    }

    /// The web host GitHub serves pull requests on for this API URL: `github.com` for `api.github.com`, else the
    /// API's own host (GitHub Enterprise Server serves the API under `/api/v3` on the web host).
    public var webHost: String? {
        guard let host = Self.host(of: apiURL) else { return nil }
        return host == "api.github.com" ? "github.com" : host
    }

    init(from values: ConfigurationValues) throws(ConfigurationError) {
        let registry = WardenConfiguration.Registry.self
        self.init(
            apiURL: try values.value(registry.githubAPIURL),
            appID: try values.value(registry.githubAppID),
            privateKey: try values.value(registry.githubPrivateKey),
            token: try values.value(registry.githubToken),
            webhookSecret: try values.value(registry.githubWebhookSecret),
            botLogin: try values.value(registry.githubBotLogin)
        )
    }

    /// The lower-cased host of an http(s) URL, without port.
    static func host(of url: String) -> String? {
        let parts = url.split(separator: "/", maxSplits: 3, omittingEmptySubsequences: false)
        guard parts.count >= 3, parts[0].hasSuffix(":"), parts[1].isEmpty else { return nil }
        let authority = parts[2]
        let host = authority.split(separator: ":", maxSplits: 1).first.map { $0.lowercased() }
        return host.flatMap { $0.isEmpty ? nil : $0 }
    }

    /// A login as GitHub spells them: letters, digits, `-`, and the `[bot]` suffix of Apps; `nil` for anything else.
    @Sendable static func acceptedLogin(_ text: String) -> String? {
        text.hasPrefix("@") || text.contains(where: { $0.isWhitespace }) ? nil : text
    }
}
