import Foundation
public import WardenCore

extension RepositoryCache {
    /// The text of one file at a revision of the cached clone, e.g. the target branch's
    /// `.warden/review.md`.
    ///
    /// Reads only the cache: fetch the revision first (``prepareWorktree(project:remoteURL:credential:sha:fetchRefs:name:)``
    /// with it in `fetchRefs`, or ``fetch(project:remoteURL:credential:refs:)``).
    /// - Parameters:
    ///   - project: the forge's project id.
    ///   - revision: a branch, full ref or commit id (`refs/heads/main`).
    ///   - path: the file's path inside the repository.
    /// - Returns: the contents (invalid UTF-8 repaired), or `nil` when no file is at `path`.
    /// - Throws: ``GitError``: `revisionNotFound` when the revision is not in the cache.
    public func fileContents(project: ProjectID, revision: String, path: String) async throws(GitError) -> String? {
        let revision = try GitInput.revision(revision)
        let path = try GitInput.repositoryPath(path)
        let repository = try await cachedRepository(project)
        try await requireCommit(revision, in: repository)
        let object = "\(revision):\(path)"
        let type = try await runner.run(GitCommand(["cat-file", "-t", object], in: repository))
        guard type.succeeded, type.text == "blob" else { return nil }
        return try await runner.check(GitCommand(["cat-file", "blob", object], in: repository)).text(keepingFinalNewline: true)
    }

    /// The commits reachable from `to` but not from `from`, oldest first (`git rev-list --reverse from..to`).
    ///
    /// - Throws: ``GitError``: `revisionNotFound` when either end is not in the cache.
    public func commits(project: ProjectID, from: String, to: String) async throws(GitError) -> [String] {
        let from = try GitInput.revision(from, name: "from")
        let to = try GitInput.revision(to, name: "to")
        let repository = try await cachedRepository(project)
        try await requireCommit(from, in: repository)
        try await requireCommit(to, in: repository)
        return try await runner.check(GitCommand(["rev-list", "--reverse", "\(from)..\(to)", "--"], in: repository)).lines
    }

    /// The unified diff between two revisions (`git diff from to`), without colour, external diff
    /// drivers or text conversion. For a merge request pass its base commit as `from`.
    ///
    /// - Throws: ``GitError``: `revisionNotFound` when either end is not in the cache.
    public func diff(project: ProjectID, from: String, to: String) async throws(GitError) -> String {
        let from = try GitInput.revision(from, name: "from")
        let to = try GitInput.revision(to, name: "to")
        let repository = try await cachedRepository(project)
        try await requireCommit(from, in: repository)
        try await requireCommit(to, in: repository)
        let arguments = ["diff", "--no-color", "--no-ext-diff", "--no-textconv", from, to, "--"]
        return try await runner.check(GitCommand(arguments, in: repository)).text(keepingFinalNewline: true)
    }

    private func cachedRepository(_ project: ProjectID) async throws(GitError) -> String {
        let repository = repositoryPath(project: project)
        guard FileManager.default.fileExists(atPath: repository + "/HEAD") else {
            throw .revisionNotFound("project \(project)", detail: "the project has not been cloned yet")
        }
        return repository
    }

    private func requireCommit(_ revision: String, in repository: String) async throws(GitError) {
        guard try await containsCommit(revision, in: repository) else {
            throw .revisionNotFound(revision, detail: "no such commit in \(repository)")
        }
    }
}
