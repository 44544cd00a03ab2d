import Foundation
public import Logging
public import WardenCore

/// Bare clones of the projects Warden works on, and the per-job worktrees checked out of them.
///
/// Layout under `root` (the data directory):
/// - `repos/<project id>.git` — a bare clone per project, fetched incrementally;
/// - `worktrees/<name>` — one detached worktree per job, removed when the job ends (and by
///   ``removeStaleWorktrees()`` on the next start, after a crash);
/// - `worktrees/pool-<project id>-<n>` — reusable worktrees leased to one job at a time and kept across jobs and
///   restarts (`RepositoryCache+Pool.swift`);
/// - `worktree-owners/<name>` — the process that owns each worktree (``WorktreeOwner``), so a start-up clean-up
///   leaves the worktrees of other running processes alone;
/// - `git-home/` — the private, empty `HOME` git runs with.
///
/// Every directory is owner-only, unless a ``sharedGroup`` is given for the exec sidecar (see
/// `RepositoryCache+SharedGroup.swift`): then the exec container's uid, a member of that group, may enter the data
/// directory and read the clones and worktrees — never list the data directory or write into them.
///
/// Credentials are never written: the configured remote URL carries none, `credential.helper` is
/// emptied on every command, and a token reaches only the one clone/fetch/push that needs it, as
/// an HTTP header in that process's environment (see ``GitCredential``). Before every fetch and push
/// the clone's configuration is put back to what Warden wrote (``RepositoryConfigGuard``), so nothing
/// written into it since — by the model, a test, anyone with the data directory — redirects the token.
public actor RepositoryCache {
    /// The data directory the cache lives in.
    public nonisolated let root: String
    /// The group the exec sidecar reads the worktrees as (`git.worktree_group`), or `nil` to keep them owner-only.
    public nonisolated let sharedGroup: UInt32?
    /// The most pooled worktrees kept per project (`review.worktree_pool`); 0 turns pooling off.
    public nonisolated let worktreePool: Int
    let runner: GitRunner
    let logger: Logger
    private var locks = ProjectLocks()
    /// The pool slots (worktree names) this cache has leased and not yet taken back.
    var leasedSlots: Set<String> = []
    /// The locks of the pool slots this cache has leased, held until the worktree is returned (``PoolSlotLock``).
    var slotLockHolders: [String: PoolSlotLock] = [:]

    deinit {
        // What a process's exit does for the kernel: the slots this cache leased are free again.
        for lock in slotLockHolders.values { lock.release() }
    }

    /// Creates a cache; directories are created when first needed.
    ///
    /// - Parameters:
    ///   - root: the data directory.
    ///   - timeout: the longest one git command (a clone, a fetch) may run; 10 minutes by default.
    ///   - searchPath: the `PATH` git is found in and runs with; this process's own by default.
    ///   - sharedGroup: the group that may read worktrees and clones (the exec sidecar's); `nil` keeps them private.
    ///   - proxy: the proxy fetches and pushes go through (`proxy.url`); none by default.
    ///   - worktreePool: the most reusable worktrees kept per project (see ``leaseWorktree(project:remoteURL:credential:sha:fetchRefs:)``);
    ///     2 by default, 0 gives every lease a fresh worktree.
    ///   - logger: the `warden.git` logger.
    public init(
        root: String,
        timeout: Duration = .seconds(600),
        sharedGroup: UInt32? = nil,
        searchPath: String? = nil,
        proxy: ProxySettings = ProxySettings(endpoint: nil),
        worktreePool: Int = 2,
        logger: Logger = Logger(label: "warden.git")
    ) {
        let root = root.hasSuffix("/") && root.count > 1 ? String(root.dropLast()) : root
        self.root = root
        self.sharedGroup = sharedGroup
        self.worktreePool = max(0, worktreePool)
        self.logger = logger
        self.runner = GitRunner(
            home: root + "/git-home",
            searchPath: searchPath ?? ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin",
            timeout: timeout,
            gracePeriod: .seconds(2),
            proxy: proxy,
            logger: logger
        )
    }

    /// The bare clone of `project`: `<root>/repos/<project>.git`.
    public nonisolated func repositoryPath(project: ProjectID) -> String {
        "\(root)/repos/\(project).git"
    }

    /// The directory worktrees are created in: `<root>/worktrees`.
    public nonisolated var worktreesDirectory: String { root + "/worktrees" }

    /// The directory of the worktrees' owner markers.
    nonisolated var ownersDirectory: String { root + "/worktree-owners" }

    /// Checks out `sha` of `project` into a fresh worktree `<root>/worktrees/<name>`.
    ///
    /// Clones the project bare when it is not cached yet; fetches `fetchRefs` only when `sha` is
    /// not already present (a merge request's head may be reachable only through
    /// `refs/merge-requests/<iid>/head`); replaces a leftover worktree of the same name.
    ///
    /// - Parameters:
    ///   - project: the forge's project id.
    ///   - remoteURL: the clone URL, without credentials (`https://`, `http://` or `file://`).
    ///   - credential: the token for the clone/fetch, or `nil` for a public repository.
    ///   - sha: the full commit id to check out.
    ///   - fetchRefs: full ref names to fetch when `sha` is missing (`refs/heads/main`,
    ///     `refs/merge-requests/7/head`); all branches when empty.
    ///   - name: the worktree's directory name, unique per job (`review-42-7-<sha>`).
    /// - Returns: the worktree; call ``Worktree/remove()`` when the job ends.
    /// - Throws: ``GitError``: `invalidArgument` before running git, `auth` when the remote
    ///   refuses the credential, `revisionNotFound` when `sha` is missing even after fetching.
    public func prepareWorktree(
        project: ProjectID,
        remoteURL: String,
        credential: GitCredential?,
        sha: String,
        fetchRefs: [String],
        name: String
    ) async throws(GitError) -> Worktree {
        let checked = try checkedRequest(remoteURL: remoteURL, sha: sha, fetchRefs: fetchRefs)
        let name = try GitInput.worktreeName(name)

        await acquire(project)
        defer { release(project) }
        let repository = try await cacheCommit(checked.sha, project: project, url: checked.url, credential: credential, refs: checked.refs)
        return try await addWorktree(name, at: checked.sha, repository: repository)
    }

    /// A checkout request's remote, commit and fetch refs, validated before git runs, with the cache's directories in
    /// place.
    func checkedRequest(remoteURL: String, sha: String, fetchRefs: [String]) throws(GitError) -> (url: String, sha: String, refs: [String]) {
        let url = try GitInput.remoteURL(remoteURL)
        let sha = try GitInput.objectID(sha)
        var refs: [String] = []
        for ref in fetchRefs { refs.append(try GitInput.refName(ref, name: "fetch ref")) }
        try createDirectories()
        return (url, sha, refs)
    }

    /// Makes sure `sha` is in the bare clone of `project`, cloning and fetching as needed; the caller holds the project's lock.
    ///
    /// - Returns: the bare clone's path.
    func cacheCommit(_ sha: String, project: ProjectID, url: String, credential: GitCredential?, refs: [String]) async throws(GitError) -> String {
        let repository = repositoryPath(project: project)
        if !FileManager.default.fileExists(atPath: repository + "/HEAD") {
            try await clone(url, into: repository, credential: credential)
        }
        if try await !containsCommit(sha, in: repository) {
            try await fetch(refs, from: url, into: repository, credential: credential)
            guard try await containsCommit(sha, in: repository) else {
                throw .revisionNotFound(
                    sha,
                    detail: "fetched \(refs.isEmpty ? "all branches" : refs.joined(separator: ", ")) and it is still missing"
                )
            }
        } else {
            logger.debug("commit already cached; not fetching", metadata: ["repository": "\(repository)", "sha": "\(sha)"])
        }
        return repository
    }

    /// Adds worktree `name` at `sha` with `git worktree add` (replacing a leftover of that name), owned by this process.
    func addWorktree(_ name: String, at sha: String, repository: String, slot: String? = nil) async throws(GitError) -> Worktree {
        let path = worktreesDirectory + "/" + name
        try await Worktree.discard(path: path, repository: repository, runner: runner)
        try markOwned(name)
        try await runner.check(GitCommand(["worktree", "add", "--detach", "--quiet", path, sha], in: repository))
        let gitDirectory = try Worktree.administrativeDirectory(of: path)
        logger.info("worktree ready", metadata: ["repository": "\(repository)", "sha": "\(sha)", "worktree": "\(name)"])
        return Worktree(path: path, sha: sha, repositoryPath: repository, gitDirectory: gitDirectory, runner: runner, poolSlot: slot)
    }

    /// Fetches `refs` of `project` (all branches when empty) into its cached clone, cloning it first
    /// when it is not cached yet; for refreshing a target branch whose head commit was already cached.
    ///
    /// - Throws: ``GitError``.
    public func fetch(project: ProjectID, remoteURL: String, credential: GitCredential?, refs: [String]) async throws(GitError) {
        let url = try GitInput.remoteURL(remoteURL)
        var checked: [String] = []
        for ref in refs { checked.append(try GitInput.refName(ref, name: "fetch ref")) }
        try createDirectories()
        await acquire(project)
        defer { release(project) }
        let repository = repositoryPath(project: project)
        if FileManager.default.fileExists(atPath: repository + "/HEAD") {
            try await fetch(checked, from: url, into: repository, credential: credential)
        } else {
            try await clone(url, into: repository, credential: credential)
            if !checked.isEmpty { try await fetch(checked, from: url, into: repository, credential: credential) }
        }
    }

    /// Removes the worktrees whose owner process is gone (left by a crash) and unfinished clones; call once on
    /// start, before any job runs. Worktrees of processes that still run (a `warden review` beside this
    /// `warden serve`) are kept, and so are pooled worktrees: their owner marker is dropped, and the next lease
    /// cleans whatever a crashed job left in them.
    ///
    /// - Throws: ``GitError`` when a directory cannot be removed or `git worktree prune` fails.
    public func removeStaleWorktrees() async throws(GitError) {
        let files = FileManager.default
        for entry in (try? files.contentsOfDirectory(atPath: worktreesDirectory)) ?? [] {
            let marker = ownersDirectory + "/" + entry
            if let owner = (try? String(contentsOfFile: marker, encoding: .utf8)).flatMap(WorktreeOwner.init(line:)), owner.isRunning {
                logger.debug("worktree in use by a running process; kept", metadata: ["worktree": "\(entry)", "pid": "\(owner.pid)"])
                continue
            }
            if WorktreePoolSlot(name: entry) != nil {
                // A pooled worktree outlives its jobs and this process; the next lease cleans it.
                try? files.removeItem(atPath: marker)
                logger.debug("pooled worktree kept for reuse", metadata: ["worktree": "\(entry)"])
                continue
            }
            let path = worktreesDirectory + "/" + entry
            do {
                try files.removeItem(atPath: path)
            } catch {
                throw .fileSystem(path: path, reason: "\(error)")
            }
            try? files.removeItem(atPath: marker)
            logger.info("removed stale worktree", metadata: ["worktree": "\(entry)"])
        }
        let repositories = root + "/repos"
        for entry in (try? files.contentsOfDirectory(atPath: repositories)) ?? [] {
            let path = repositories + "/" + entry
            if entry.contains(".partial-") {
                try? files.removeItem(atPath: path)
            } else if entry.hasSuffix(".git") {
                try await runner.check(GitCommand(["worktree", "prune"], in: path))
            }
        }
    }

    // MARK: Steps

    /// Records this process as the owner of worktree `name`, before the worktree exists.
    func markOwned(_ name: String) throws(GitError) {
        let marker = ownersDirectory + "/" + name
        guard let owner = WorktreeOwner.current else { throw .fileSystem(path: "/proc/self/stat", reason: "cannot read this process's start time") }
        do {
            try Data(owner.line.utf8).write(to: URL(fileURLWithPath: marker), options: .atomic)
        } catch {
            throw .fileSystem(path: marker, reason: "\(error)")
        }
    }

    func createDirectories() throws(GitError) {
        for path in [root + "/repos", worktreesDirectory, ownersDirectory, runner.home] {
            do {
                try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            } catch {
                throw .fileSystem(path: path, reason: "\(error)")
            }
        }
        if let sharedGroup { try share(with: sharedGroup) }
    }

    /// Clones bare into a temporary sibling, then renames it, so a crash never leaves a half clone in place.
    private func clone(_ url: String, into repository: String, credential: GitCredential?) async throws(GitError) {
        let partial = repository + ".partial-\(UUID().uuidString.lowercased())"
        defer { try? FileManager.default.removeItem(atPath: partial) }
        try await runner.check(GitCommand(["clone", "--bare", "--quiet", "--", url, partial], credential: credential))
        do {
            try FileManager.default.moveItem(atPath: partial, toPath: repository)
        } catch {
            throw .fileSystem(path: repository, reason: "\(error)")
        }
        logger.info("cloned repository", metadata: ["repository": "\(repository)"])
    }

    /// Fetches from `origin` after putting the clone's configuration back to Warden's (``RepositoryConfigGuard``): the
    /// remote is `url` — the forge may have renamed or moved the project — and nothing can redirect the request.
    private func fetch(_ refs: [String], from url: String, into repository: String, credential: GitCredential?) async throws(GitError) {
        try await RepositoryConfigGuard.enforce(repository: repository, remoteURL: url, runner: runner, logger: logger)
        let refspecs = refs.isEmpty ? ["+refs/heads/*:refs/heads/*"] : refs.map { "+\($0):\($0)" }
        try await runner.check(GitCommand(["fetch", "--quiet", "--no-tags", "origin"] + refspecs, in: repository, credential: credential))
        logger.info("fetched", metadata: ["repository": "\(repository)", "refs": "\(refspecs.joined(separator: " "))"])
    }

    func containsCommit(_ sha: String, in repository: String) async throws(GitError) -> Bool {
        try await runner.run(GitCommand(["cat-file", "-e", sha + "^{commit}"], in: repository)).succeeded
    }

    // MARK: Locking

    func acquire(_ project: ProjectID) async {
        guard !locks.tryAcquire(project) else { return }
        await withCheckedContinuation { continuation in
            locks.enqueue(project, continuation)
        }
    }

    func release(_ project: ProjectID) {
        locks.release(project)
    }
}
