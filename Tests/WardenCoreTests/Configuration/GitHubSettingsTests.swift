import Foundation
import Testing

@testable import WardenCore

@Suite("GitHub settings")
struct GitHubSettingsTests {
    struct AccessCase: Sendable, CustomTestStringConvertible {
        let name: String
        let settings: GitHubSettings
        /// The credentials expected, or the key the error must name.
        let expected: Result<GitHubSettings.Credentials, KeyNamed>
        var testDescription: String { name }
    }

    struct KeyNamed: Error, Equatable {
        let key: String
    }

    static let key = Secret("-----BEGIN RSA PRIVATE KEY-----")
    static let token = Secret("ghp_token")

    static let accessCases: [AccessCase] = [
        AccessCase(
            name: "an App with its key",
            settings: GitHubSettings(appID: 7, privateKey: key, botLogin: "warden-bot[bot]"),
            expected: .success(.app(id: 7, privateKey: key))
        ),
        AccessCase(name: "a token", settings: GitHubSettings(token: token, botLogin: "review-bot"), expected: .success(.token(token))),
        AccessCase(name: "an App without its key", settings: GitHubSettings(appID: 7, botLogin: "b"), expected: .failure(KeyNamed(key: "github.private_key"))),
        AccessCase(name: "a key without the App's id", settings: GitHubSettings(privateKey: key, botLogin: "b"), expected: .failure(KeyNamed(key: "github.app_id"))),
        AccessCase(name: "no credentials at all", settings: GitHubSettings(botLogin: "b"), expected: .failure(KeyNamed(key: "github.token"))),
        AccessCase(
            name: "an App and a token at once",
            settings: GitHubSettings(appID: 7, privateKey: key, token: token, botLogin: "b"),
            expected: .failure(KeyNamed(key: "github.token"))
        ),
        AccessCase(name: "no bot login", settings: GitHubSettings(token: token), expected: .failure(KeyNamed(key: "github.bot_login"))),
    ]

    @Test("needs exactly one kind of credentials and the bot's login", arguments: accessCases)
    func requireAccess(_ row: AccessCase) {
        switch row.expected {
        case .success(let credentials):
            #expect((try? row.settings.requireAccess().credentials) == credentials)
        case .failure(let named):
            do {
                _ = try row.settings.requireAccess()
                Issue.record("expected an error naming \(named.key)")
            } catch {
                #expect(error.key == named.key)
                #expect(!"\(error)".contains("ghp_token"))
            }
        }
    }

    @Test(
        "the web host of an API URL",
        arguments: [
            ("https://api.github.com", "github.com"),
            ("https://github.example.com/api/v3", "github.example.com"),
            ("http://127.0.0.1:9000", "127.0.0.1"),
            ("HTTPS://GHE.Example.com:8443/api/v3", "ghe.example.com"),
        ]
    )
    func webHost(_ apiURL: String, _ expected: String) {
        #expect(GitHubSettings(apiURL: apiURL).webHost == expected)
    }

    @Test("refuses a webhook secret shorter than 16 characters, and a missing one, naming the key")
    func webhookSecret() throws {
        #expect(throws: ConfigurationError.self) { try GitHubSettings(webhookSecret: Secret("short")).requireWebhookSecret() }
        #expect(throws: ConfigurationError.self) { try GitHubSettings().requireWebhookSecret() }
        #expect(try GitHubSettings(webhookSecret: Secret("0123456789abcdef")).requireWebhookSecret().exposedValue == "0123456789abcdef")
    }

    @Test("reads the App's key from github.private_key_file and WARDEN_GITHUB_PRIVATE_KEY_FILE")
    func privateKeyFile() throws {
        let scratch = try ConfigurationLoaderTests.Scratch()
        defer { scratch.remove() }
        let path = try scratch.write("app.pem", "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n")
        let fromFile = try ConfigurationLoaderTests.load(file: "[github]\napp_id = 12\nprivate_key_file = \"\(path)\"\n")
        #expect(fromFile.github.privateKey?.exposedValue == "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----")
        #expect(fromFile.github.appID == 12)
        let fromVariable = try ConfigurationLoaderTests.load(environment: ["WARDEN_GITHUB_PRIVATE_KEY_FILE": path])
        #expect(fromVariable.github.privateKey == fromFile.github.privateKey)
        #expect(fromVariable.github.isConfigured)
        #expect(!(try ConfigurationLoaderTests.load()).github.isConfigured)
    }
}
