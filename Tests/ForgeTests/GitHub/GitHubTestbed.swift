import Forge
import Foundation
import WardenCore
import WardenTestSupport
import _CryptoExtras

/// A fake GitHub playing an App's installation with one repository backed by a real bare repository and pull
/// request #1, plus clients for it.
///
/// The repository: `main` has `src/app.txt` (five lines) and `README.md`; `feature` changes line 2 of `src/app.txt`,
/// appends a sixth line, and adds `docs/new.md` plus `extraFiles` generated files.
struct GitHubTestbed {
    static let repositoryID = 77
    static let fullName = "acme/app"
    static let installationID = 5
    static let number = 1
    static let appID = 4242

    let github: FakeGitHub
    let repository: TestRepository
    let directory: TestDataDirectory
    let apiURL: URL
    let clock: GitLabTestClock
    let key: _RSA.Signing.PrivateKey
    let headSHA: String

    static func start(extraFiles: Int = 0, tokenLifetime: Duration = .seconds(3600)) async throws -> GitHubTestbed {
        let directory = try TestDataDirectory()
        let repository = try await TestRepository.create(in: directory.path, name: "acme/app.git")
        let main = try await repository.commit(on: "main", files: ["src/app.txt": "one\ntwo\nthree\nfour\nfive\n", "README.md": "hello\n"], message: "start")
        var changes = ["src/app.txt": "one\nTWO\nthree\nfour\nfive\nsix\n", "docs/new.md": "# New\n\nA new page.\n"]
        for index in 0..<extraFiles {
            changes[String(format: "gen/file%03d.txt", index)] = "generated \(index)\n"
        }
        _ = try await repository.commit(on: "feature", files: changes, message: "change", parent: main)
        let key = try _RSA.Signing.PrivateKey(keySize: .bits2048)
        let github = FakeGitHub(appID: appID, appPublicKey: key.publicKey, personalToken: "ghp_personal", tokenLifetime: tokenLifetime)
        let apiURL = try await github.start()
        await github.addRepository(id: repositoryID, fullName: fullName, installationID: installationID, repositoryPath: repository.path)
        let head = try await github.openPullRequest(repository: fullName, number: number, headRef: "feature", baseRef: "main", title: "Shout")
        return GitHubTestbed(
            github: github, repository: repository, directory: directory, apiURL: apiURL,
            clock: GitLabTestClock(startSecondsSince1970: Date().timeIntervalSince1970), key: key, headSHA: head
        )
    }

    /// The repository as a webhook names it (with its installation) or as `warden review` does (without).
    func ref(withInstallation: Bool = true) -> GitHubRepositoryRef {
        GitHubRepositoryRef(owner: "acme", name: "app", installationID: withInstallation ? Self.installationID : nil)
    }

    /// A client authenticating as the App (with `key`, else the App's own), on a clock that never sleeps.
    func appClient(key: _RSA.Signing.PrivateKey? = nil, tokenCache: GitHubTokenCache = GitHubTokenCache()) -> GitHubClient {
        GitHubClient(apiURL: apiURL.absoluteString, authentication: .app(id: Self.appID, privateKey: key ?? self.key), tokenCache: tokenCache, clock: clock)
    }

    /// A client authenticating with a token.
    func tokenClient(_ token: String = "ghp_personal") -> GitHubClient {
        GitHubClient(apiURL: apiURL.absoluteString + "/", authentication: .token(Secret(token)), clock: clock)
    }

    func stop() async {
        await github.stop()
        directory.remove()
    }
}
