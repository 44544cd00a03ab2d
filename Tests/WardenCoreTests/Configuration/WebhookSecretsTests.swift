import Testing
import WardenCore

@Suite("Webhook secrets")
struct WebhookSecretsTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let gitlab: String?
        let github: String?
        /// Which forges are served, or the text the error must contain.
        let expected: Result<Set<ForgeKind>, Refusal>
        var testDescription: String { name }
    }

    struct Refusal: Error, Equatable {
        let text: String
    }

    static let long = "0123456789abcdef0123"

    static let cases: [Case] = [
        Case(name: "GitLab alone", gitlab: long, github: nil, expected: .success([.gitlab])),
        Case(name: "GitHub alone", gitlab: nil, github: long, expected: .success([.github])),
        Case(name: "both forges", gitlab: long, github: long, expected: .success([.gitlab, .github])),
        Case(
            name: "neither forge",
            gitlab: nil, github: nil,
            expected: .failure(Refusal(text: "gitlab.webhook_secret or github.webhook_secret is required but not set (expected no forge is configured"))
        ),
        Case(name: "a short GitHub secret beside GitLab's", gitlab: long, github: "short", expected: .failure(Refusal(text: "github.webhook_secret is shorter than 16"))),
        Case(name: "a short GitLab secret beside GitHub's", gitlab: "short", github: long, expected: .failure(Refusal(text: "gitlab.webhook_secret is shorter than 16"))),
    ]

    @Test("serve takes deliveries from each forge whose webhook secret is set, and refuses to start with none", arguments: cases)
    func resolve(row: Case) {
        let result = Result { () throws(ConfigurationError) -> WebhookSecrets in
            try WebhookSecrets.resolve(
                gitlab: GitLabSettings(webhookSecret: row.gitlab.map(Secret.init)),
                github: GitHubSettings(webhookSecret: row.github.map(Secret.init))
            )
        }
        switch (result, row.expected) {
        case (.success(let secrets), .success(let forges)):
            var served: Set<ForgeKind> = []
            if secrets.gitlab != nil { served.insert(.gitlab) }
            if secrets.github != nil { served.insert(.github) }
            #expect(served == forges)
            #expect(secrets.gitlab?.exposedValue == (forges.contains(.gitlab) ? row.gitlab : nil))
            #expect(secrets.github?.exposedValue == (forges.contains(.github) ? row.github : nil))
        case (.failure(let error), .failure(let refusal)):
            #expect(error.description.contains(refusal.text), "\(error)")
        default:
            Issue.record("got \(result), expected \(row.expected)")
        }
    }
}
