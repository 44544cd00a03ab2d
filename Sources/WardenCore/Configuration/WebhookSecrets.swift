/// The webhook secrets of the forges `warden serve` takes deliveries from: GitLab, GitHub, or both.
///
/// Either forge alone is enough to start; a forge is served when its webhook secret is set, and a secret that is set
/// must be acceptable (long enough), so a typo is not silently a forge without a route.
public struct WebhookSecrets: Sendable, Equatable {
    /// `gitlab.webhook_secret`, when `/webhooks/gitlab` is served.
    public var gitlab: Secret?
    /// `github.webhook_secret`, when `/webhooks/github` is served.
    public var github: Secret?

    /// Creates the pair.
    public init(gitlab: Secret?, github: Secret?) {
        self.gitlab = gitlab
        self.github = github
    }

    /// The secrets of the configured forges.
    ///
    /// - Throws: ``ConfigurationError`` naming the secret that is too short, or, when neither forge has one, naming
    ///   both keys.
    public static func resolve(gitlab: GitLabSettings, github: GitHubSettings) throws(ConfigurationError) -> WebhookSecrets {
        let gitlabSecret = gitlab.webhookSecret == nil ? nil : try gitlab.requireWebhookSecret()
        let githubSecret = github.webhookSecret == nil ? nil : try github.requireWebhookSecret()
        guard gitlabSecret != nil || githubSecret != nil else {
            let registry = WardenConfiguration.Registry.self
            throw .missingValue(
                key: "\(registry.gitlabWebhookSecret.fileKey) or \(registry.githubWebhookSecret.fileKey)",
                expected: "no forge is configured: set WARDEN_GITLAB_WEBHOOK_SECRET for GitLab, WARDEN_GITHUB_WEBHOOK_SECRET for GitHub, or both"
            )
        }
        return WebhookSecrets(gitlab: gitlabSecret, github: githubSecret)
    }
}
