/// The `gitlab` section: the instance and the credentials the review bot uses there.
///
/// Every field is optional when loading, because only some commands talk to GitLab; those call
/// ``WardenConfiguration/requireGitLab()`` at startup.
public struct GitLabSettings: Sendable, Equatable {
    /// The instance's base URL (`https://gitlab.example.com`), without a trailing slash.
    public var url: String?
    /// The bot account's API token.
    public var token: Secret?
    /// The secret GitLab sends in `X-Gitlab-Token` with every webhook.
    public var webhookSecret: Secret?
    /// Whether a webhook secret shorter than ``minimumWebhookSecretLength`` is accepted.
    public var allowShortWebhookSecret: Bool

    /// The shortest webhook secret accepted unless ``allowShortWebhookSecret`` is set.
    public static let minimumWebhookSecretLength = 16

    /// The accepted form of ``url``.
    public static let urlForm = "an http or https URL without credentials, query or fragment (https://gitlab.example.com)"

    /// Creates settings from values that are already valid.
    public init(url: String? = nil, token: Secret? = nil, webhookSecret: Secret? = nil, allowShortWebhookSecret: Bool = false) {
        self.url = url
        self.token = token
        self.webhookSecret = webhookSecret
        self.allowShortWebhookSecret = allowShortWebhookSecret
    }

    /// The webhook secret, refused when it is missing or shorter than ``minimumWebhookSecretLength`` (unless allowed).
    ///
    /// - Throws: ``ConfigurationError`` naming `gitlab.webhook_secret`, never quoting the secret.
    public func requireWebhookSecret() throws(ConfigurationError) -> Secret {
        let registry = WardenConfiguration.Registry.self
        guard let webhookSecret else { throw registry.gitlabWebhookSecret.missing }
        guard allowShortWebhookSecret || webhookSecret.exposedValue.count >= Self.minimumWebhookSecretLength else {
            throw .invalidValue(
                key: registry.gitlabWebhookSecret.fileKey,
                problem: "is shorter than \(Self.minimumWebhookSecretLength) characters",
                expected: "a random secret of at least \(Self.minimumWebhookSecretLength) characters, or \(registry.gitlabAllowShortWebhookSecret.fileKey) = true"
            )
        }
        return webhookSecret
    }

    init(from values: ConfigurationValues) throws(ConfigurationError) {
        self.init(
            url: try values.value(WardenConfiguration.Registry.gitlabURL),
            token: try values.value(WardenConfiguration.Registry.gitlabToken),
            webhookSecret: try values.value(WardenConfiguration.Registry.gitlabWebhookSecret),
            allowShortWebhookSecret: try values.value(WardenConfiguration.Registry.gitlabAllowShortWebhookSecret)
        )
    }

    /// The URL without trailing slashes, or `nil` when it is not a plain http(s) URL with a host.
    ///
    /// Credentials in the URL are refused: they would end up in logs and error messages.
    @Sendable static func normalizedURL(_ text: String) -> String? {
        let lowered = text.lowercased()
        guard let scheme = ["https://", "http://"].first(where: { lowered.hasPrefix($0) }) else { return nil }
        var rest = Substring(text.dropFirst(scheme.count))
        while rest.hasSuffix("/") { rest = rest.dropLast() }
        let authority = rest.prefix { $0 != "/" }
        let isClean =
            !authority.isEmpty && !authority.hasPrefix(":")
            && !rest.contains { $0.isWhitespace || $0 == "@" || $0 == "?" || $0 == "#" || $0.asciiValue.map { $0 < 0x20 } == true }
        return isClean ? scheme + rest : nil
    }
}
