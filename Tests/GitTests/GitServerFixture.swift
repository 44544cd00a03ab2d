import Foundation
import Git
import WardenCore
import WardenTestSupport

/// A git HTTP server with one repository, and a data directory for a ``RepositoryCache``; per test.
struct GitServerFixture {
    static let token = Secret("glpat-CANARY-7f3a9c")

    let serverRoot: TestDataDirectory
    let dataDirectory: TestDataDirectory
    let server: GitHTTPServer
    let repository: TestRepository
    let url: String
    let cache: RepositoryCache

    var credential: GitCredential { GitCredential(token: Self.token) }

    init() async throws {
        serverRoot = try TestDataDirectory()
        dataDirectory = try TestDataDirectory()
        server = GitHTTPServer(root: serverRoot.path, token: Self.token)
        _ = try await server.start()
        repository = try await TestRepository.create(in: serverRoot.path, name: "acme/app.git")
        url = try await server.url(for: "acme/app.git")
        cache = RepositoryCache(root: dataDirectory.path, timeout: .seconds(60))
    }

    /// A worktree of `sha` from the fixture's cache, cloned or fetched from its server with its credential.
    func worktree(project: ProjectID, sha: String, fetchRefs: [String], name: String) async throws(GitError) -> Worktree {
        try await cache.prepareWorktree(project: project, remoteURL: url, credential: credential, sha: sha, fetchRefs: fetchRefs, name: name)
    }

    /// Stops the server and deletes both directories.
    func tearDown() async {
        await server.stop()
        serverRoot.remove()
        dataDirectory.remove()
    }
}
