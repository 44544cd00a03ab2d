import Codex
import Forge
import Foundation
import Git
import Remediation
import Store
import WardenCore
import WardenTestSupport
import _CryptoExtras

/// A fake GitHub playing a GitHub App's installation on `acme/app` (id 501), its repository served over git HTTP to
/// `x-access-token` and unexpired installation tokens only, a scripted model, the real codex and a store: a
/// remediation run on GitHub end to end.
struct GitHubRemediationHarness {
    static let fullName = "acme/app"
    static let repositoryID = 501
    static let installationID = 9
    static let appID = 4242
    static let botLogin = "warden-bot[bot]"

    let github: FakeGitHub
    let gitServer: GitHTTPServer
    let model: ScriptedModelServer
    let home: TestCodexHome
    let data: TestDataDirectory
    let repository: TestRepository
    let store: any RemediationStore & SeatLeaseStore & UsageStore
    let storage: TestStore.Opened
    let forge: GitHubForge
    let codex: ExecRunner
    /// The App's private key, for a `warden` process that signs its own JWTs.
    let key: _RSA.Signing.PrivateKey
    /// The fake GitHub's API address (also the web host of an Enterprise Server).
    let apiURL: String

    /// Starts everything; `main` has `README.md`, `app.txt` and `package.json`.
    static func start(script: [ModelTurn], store: TestStore = .sqlite) async throws -> GitHubRemediationHarness {
        let data = try TestDataDirectory()
        let key = try _RSA.Signing.PrivateKey(keySize: .bits2048)
        let github = FakeGitHub(appID: appID, appPublicKey: key.publicKey, botLogin: botLogin)
        let apiURL = try await github.start()
        let gitServer = GitHTTPServer(root: data.path + "/git-root", authorize: { user, password in await github.acceptsGitCredentials(user: user, password: password) })
        _ = try await gitServer.start()
        let repository = try await TestRepository.create(in: data.path + "/git-root", name: "acme/app.git")
        try await repository.commit(
            on: "main", files: ["README.md": "# app\n", "app.txt": "query = \"SELECT 1\"\n", "package.json": "{\"dependencies\": {\"lodash\": \"4.17.20\"}}\n"]
        )
        await github.addRepository(
            id: repositoryID, fullName: fullName, installationID: installationID, repositoryPath: repository.path,
            cloneURL: try await gitServer.url(for: "acme/app.git")
        )
        let model = ScriptedModelServer(script: script)
        let home = try TestCodexHome(modelServerPort: try await model.start())
        let storage = try store.open(dataDirectory: data)
        // `warden remediate` names the repository without its installation: the client looks it up.
        let client = GitHubClient(
            apiURL: apiURL.absoluteString, authentication: .app(id: appID, privateKey: key),
            retryPolicy: RetryPolicy(maximumAttempts: 2, serverErrorBackoff: .milliseconds(10))
        )
        let forge = GitHubForge(
            client: client, repository: GitHubRepositoryRef(owner: "acme", name: "app"), repositoryID: repositoryID, botLogin: botLogin
        )
        return GitHubRemediationHarness(
            github: github, gitServer: gitServer, model: model, home: home, data: data, repository: repository, store: storage.store,
            storage: storage, forge: forge, codex: try RemediationHarness.codex(home: home), key: key, apiURL: apiURL.absoluteString
        )
    }

    /// A runner on the repository, as `warden remediate --repo https://github.com/acme/app` composes it.
    func runner(_ settings: RemediationSettings = RemediationHarness.settings(), now: @escaping @Sendable () -> Date = { Date() }) async throws
        -> RemediationRunner
    {
        try await RemediationHarness.runner(
            settings, forge: forge, github: GitHubRemediationSite(forge: forge), codex: codex, store: store, data: data, credential: nil,
            secrets: await github.installationTokenValues(), now: now
        )
    }

    /// An open alert on lodash in `package.json`.
    static func lodashAlert(number: Int = 3, severity: String = "high") -> FakeDependabotAlert {
        FakeDependabotAlert(
            number: number, package: "lodash", ecosystem: "npm", manifest: "package.json", severity: severity, vulnerableRange: "< 4.17.21",
            patchedVersion: "4.17.21", ghsaID: "GHSA-35jh-r3h4-6jhm", cveID: "CVE-2021-23337", summary: "Command injection in lodash",
            description: "`template` allows command injection."
        )
    }

    func stop() async {
        await model.stop()
        await github.stop()
        await gitServer.stop()
        try? home.remove()
        data.remove()
        storage.remove()
    }
}
