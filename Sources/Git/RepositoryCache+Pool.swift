import Foundation
public import WardenCore
import Logging

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

extension RepositoryCache {
    /// Leases a worktree of `project` at `sha` from the project's pool: a job's worktree that costs a checkout of
    /// the files that changed, not of the whole tree.
    ///
    /// Up to ``worktreePool`` worktrees per project (`worktrees/pool-<project>-<n>`) are kept between jobs and
    /// across restarts. A lease takes an idle one, or adds one when none is idle and the pool is not full, or — when
    /// every one is leased — gives the job a temporary worktree of its own (``WorktreePoolChoice``). A worktree is
    /// never leased twice at once: this cache remembers its leases, and an exclusive lock on the slot
    /// (``PoolSlotLock``, released by the kernel if the process dies) keeps other processes on the same data
    /// directory out; the owner marker (``WorktreeOwner``) tells the start-up clean-up that the worktree is in use.
    ///
    /// Before a reused worktree is handed out, whatever the last job left is undone (``PooledWorktreeRepair``): a
    /// stale `index.lock` is removed, a rewritten `.git` file put back, then `git checkout --detach --force <sha>`
    /// rewrites the tracked files that differ from `sha` (modified ones included) and `git clean -ffdx` deletes
    /// every untracked and ignored file. When that fails the worktree is added again from scratch.
    ///
    /// Clones and fetches exactly as ``prepareWorktree(project:remoteURL:credential:sha:fetchRefs:name:)`` does.
    /// - Parameters:
    ///   - project: the forge's project id.
    ///   - remoteURL: the clone URL, without credentials.
    ///   - credential: the token for the clone/fetch, or `nil` for a public repository.
    ///   - sha: the full commit id to check out.
    ///   - fetchRefs: full ref names to fetch when `sha` is missing; all branches when empty.
    /// - Returns: the worktree; hand it back with ``returnWorktree(_:)`` when the job ends, whatever happened.
    /// - Throws: ``GitError``, as ``prepareWorktree(project:remoteURL:credential:sha:fetchRefs:name:)``.
    public func leaseWorktree(
        project: ProjectID,
        remoteURL: String,
        credential: GitCredential?,
        sha: String,
        fetchRefs: [String]
    ) async throws(GitError) -> Worktree {
        let checked = try checkedRequest(remoteURL: remoteURL, sha: sha, fetchRefs: fetchRefs)
        let sha = checked.sha

        await acquire(project)
        defer { release(project) }
        let repository = try await cacheCommit(sha, project: project, url: checked.url, credential: credential, refs: checked.refs)
        let slots = (0..<worktreePool).map { WorktreePoolSlot(project: project, index: $0) }
        var slotLocks: [Int: PoolSlotLock] = [:]
        let states = slots.indices.map { index in
            slotState(slots[index]) { slotLocks[index] = $0 }
        }
        let choice = WorktreePoolChoice.choose(states)
        let chosenLock: PoolSlotLock? = switch choice {
        case .create(let index), .reuse(let index): slotLocks.removeValue(forKey: index)
        case .temporary: nil
        }
        for lock in slotLocks.values { lock.release() }
        switch choice {
        case .temporary:
            logger.info("worktree pool full; using a temporary worktree", metadata: ["project": "\(project)", "pool": "\(worktreePool)"])
            return try await addWorktree("lease-\(project)-\(UUID().uuidString.prefix(8).lowercased())", at: sha, repository: repository)
        case .create(let index), .reuse(let index):
            let slot = slots[index]
            // Claimed before the next suspension point: a concurrent lease of another project sees it taken.
            leasedSlots.insert(slot.name)
            if let chosenLock { slotLockHolders[slot.name] = chosenLock }
            do {
                if case .reuse = choice, let worktree = try await reuse(slot, at: sha, repository: repository) {
                    return worktree
                }
                return try await addWorktree(slot.name, at: sha, repository: repository, slot: slot.name)
            } catch {
                releaseSlot(slot.name)
                throw error
            }
        }
    }

    /// Ends a lease: a pooled worktree goes back to its pool as it is (the next lease cleans it); a temporary one is
    /// deleted.
    ///
    /// - Parameter worktree: a worktree from ``leaseWorktree(project:remoteURL:credential:sha:fetchRefs:)``.
    /// - Throws: ``GitError`` when a temporary worktree cannot be removed.
    public func returnWorktree(_ worktree: Worktree) async throws(GitError) {
        guard let slot = worktree.poolSlot else {
            try await worktree.remove()
            return
        }
        try? FileManager.default.removeItem(atPath: ownersDirectory + "/" + slot)
        releaseSlot(slot)
    }

    /// Forgets this cache's lease of `slot` and lets other processes have it.
    private func releaseSlot(_ slot: String) {
        leasedSlots.remove(slot)
        slotLockHolders.removeValue(forKey: slot)?.release()
    }

    // MARK: Steps

    /// What `slot` holds now: leased by this cache or by another process (its lock is held elsewhere), idle, or
    /// nothing. When the slot is free its lock is taken and handed to `hold`; the caller keeps the chosen slot's lock
    /// and releases the others.
    private func slotState(_ slot: WorktreePoolSlot, hold: (PoolSlotLock) -> Void) -> WorktreePoolChoice.SlotState {
        if leasedSlots.contains(slot.name) { return .leased }
        guard let lock = PoolSlotLock.tryAcquire(path: ownersDirectory + "/" + slot.name + ".lock") else {
            // Another process on this data directory has it.
            return .leased
        }
        hold(lock)
        return FileManager.default.fileExists(atPath: worktreesDirectory + "/" + slot.name) ? .idle : .absent
    }

    /// Cleans the idle worktree in `slot` and checks `sha` out in it; `nil` when it has to be added again.
    private func reuse(_ slot: WorktreePoolSlot, at sha: String, repository: String) async throws(GitError) -> Worktree? {
        let path = worktreesDirectory + "/" + slot.name
        // git records the clone's real path; the clone is Warden's, so resolving its links is safe.
        let registration = repository + "/worktrees/" + slot.name
        let gitDirectory = realpath(registration, nil).map { resolved in
            defer { free(resolved) }
            return String(cString: resolved)
        } ?? registration
        let files = FileManager.default
        let inspection = PooledWorktreeRepair.Inspection(
            directoryExists: files.fileExists(atPath: path),
            registered: files.fileExists(atPath: gitDirectory + "/gitdir"),
            gitFilePointsHome: Self.isRegularFile(path + "/.git")
                && (try? String(contentsOfFile: path + "/.git", encoding: .utf8)) == Self.gitFile(pointingAt: gitDirectory),
            indexLocked: files.fileExists(atPath: gitDirectory + "/index.lock")
        )
        guard case .reuse(let removeIndexLock, let rewriteGitFile) = PooledWorktreeRepair.decide(inspection) else {
            logger.warning("pooled worktree broken; adding it again", metadata: ["worktree": "\(slot.name)"])
            return nil
        }
        try markOwned(slot.name)
        let worktree = Worktree(path: path, sha: sha, repositoryPath: repository, gitDirectory: gitDirectory, runner: runner, poolSlot: slot.name)
        do {
            if removeIndexLock {
                logger.info("removing a stale index lock from a pooled worktree", metadata: ["worktree": "\(slot.name)"])
                try files.removeItem(atPath: gitDirectory + "/index.lock")
            }
            if rewriteGitFile {
                logger.warning("pooled worktree's .git was changed; restoring it", metadata: ["worktree": "\(slot.name)"])
                try? files.removeItem(atPath: path + "/.git")
                try Data(Self.gitFile(pointingAt: gitDirectory).utf8).write(to: URL(fileURLWithPath: path + "/.git"), options: .withoutOverwriting)
            }
        } catch {
            logger.warning("pooled worktree cannot be repaired; adding it again", metadata: ["worktree": "\(slot.name)", "error": "\(error)"])
            return nil
        }
        // ctime and inode are compared too (git's defaults, forced here), so a file rewritten with its old size and
        // modification time is still seen as changed and checked out again.
        let stat = ["-c", "core.trustctime=true", "-c", "core.checkStat=default"]
        for arguments in [stat + ["checkout", "--detach", "--force", "--quiet", sha], stat + ["clean", "-ffdxq"]] {
            let output = try await runner.run(worktree.command(arguments))
            guard output.succeeded else {
                logger.warning(
                    "pooled worktree could not be cleaned; adding it again",
                    metadata: ["worktree": "\(slot.name)", "stderr": "\(output.standardError)"]
                )
                return nil
            }
        }
        logger.info("pooled worktree ready", metadata: ["worktree": "\(slot.name)", "sha": "\(sha)"])
        return worktree
    }

    /// The content of a worktree's `.git` file, as `git worktree add` writes it.
    static func gitFile(pointingAt gitDirectory: String) -> String { "gitdir: \(gitDirectory)\n" }

    /// Whether `path` is a regular file, without following a symbolic link.
    private static func isRegularFile(_ path: String) -> Bool {
        var status = stat()
        return lstat(path, &status) == 0 && (status.st_mode & S_IFMT) == S_IFREG
    }
}
