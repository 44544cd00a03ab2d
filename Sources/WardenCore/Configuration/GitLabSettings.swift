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

    /// The accepted form of ``url``.
    public static let urlForm = "an http or https URL without credentials, query or fragment (https://gitlab.example.com)"

    /// Creates settings from values that are already valid.
    public init(url: String? = nil, token: Secret? = nil, webhookSecret: Secret? = nil) {
        self.url = url
        self.token = token
        self.webhookSecret = webhookSecret
    }

    init(from sources: ConfigurationSources) throws(ConfigurationError) {
        self.init(
            url: try sources.parsed(.gitlabURL, expected: Self.urlForm, echo: false, Self.normalizedURL),
            token: try sources.secret(.gitlabToken),
            webhookSecret: try sources.secret(.gitlabWebhookSecret)
        )
    }

    /// The URL without trailing slashes, or `nil` when it is not a plain http(s) URL with a host.
    ///
    /// Credentials in the URL are refused: they would end up in logs and error messages.
    static func normalizedURL(_ text: String) -> String? {
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
