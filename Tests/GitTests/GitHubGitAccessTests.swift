import Git
import Testing
import WardenCore
import WardenTestSupport

@Suite("git over HTTP as GitHub serves it")
struct GitHubGitAccessTests {
    @Test("a token opens git as x-access-token, and only as that user")
    func xAccessToken() async throws {
        let serverRoot = try TestDataDirectory()
        let dataDirectory = try TestDataDirectory()
        defer {
            serverRoot.remove()
            dataDirectory.remove()
        }
        let github = FakeGitHub(personalToken: "ghp_CANARY-41c2")
        let server = GitHTTPServer(root: serverRoot.path, authorize: { user, password in
            await github.acceptsGitCredentials(user: user, password: password)
        })
        _ = try await server.start()
        let repository = try await TestRepository.create(in: serverRoot.path, name: "acme/app.git")
        let head = try await repository.commit(on: "main", files: ["README.md": "hello\n"])
        let url = try await server.url(for: "acme/app.git")
        let cache = RepositoryCache(root: dataDirectory.path, timeout: .seconds(60))

        let refused = await #expect(throws: GitError.self) {
            _ = try await cache.prepareWorktree(
                project: 1, remoteURL: url, credential: GitCredential(token: Secret("ghp_CANARY-41c2")), sha: head, fetchRefs: ["refs/heads/main"], name: "oauth2"
            )
        }
        let refusedStatuses = await server.requests().map(\.status)
        #expect(!refusedStatuses.isEmpty && refusedStatuses.allSatisfy { $0 == 401 })
        #expect(refused != nil)
        let worktree = try await cache.prepareWorktree(
            project: 1, remoteURL: url, credential: GitCredential(token: Secret("ghp_CANARY-41c2"), username: "x-access-token"), sha: head,
            fetchRefs: ["refs/heads/main"], name: "github"
        )
        #expect(!worktree.path.isEmpty)
        let users = await server.requests().map(\.user)
        #expect(users.contains("x-access-token"))
        #expect(!users.contains("oauth2"))
        await server.stop()
    }
}
