public import WardenCore

extension RepositoryCache {
    /// Makes sure `sha` of `project` is in the cache, cloning or fetching `fetchRefs` only when it is missing; the
    /// pre-warm on a webhook's receipt, so that the job's own ``leaseWorktree(project:remoteURL:credential:sha:fetchRefs:)``
    /// finds it cached.
    ///
    /// Waits for, and is waited for by, every other clone and fetch of the project.
    /// - Parameters:
    ///   - project: the forge's project id.
    ///   - remoteURL: the clone URL (from the forge's API), without credentials.
    ///   - credential: the token for the clone/fetch.
    ///   - sha: the commit a job will need.
    ///   - fetchRefs: full ref names to fetch when `sha` is missing; all branches when empty.
    /// - Throws: ``GitError``, as ``prepareWorktree(project:remoteURL:credential:sha:fetchRefs:name:)``.
    public func prefetch(project: ProjectID, remoteURL: String, credential: GitCredential?, sha: String, fetchRefs: [String]) async throws(GitError) {
        let checked = try checkedRequest(remoteURL: remoteURL, sha: sha, fetchRefs: fetchRefs)
        await acquire(project)
        defer { release(project) }
        _ = try await cacheCommit(checked.sha, project: project, url: checked.url, credential: credential, refs: checked.refs)
    }
}
