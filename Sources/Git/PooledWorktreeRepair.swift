/// What an idle pooled worktree needs before the next job may use it: a pure decision over what is found on disk,
/// applied by ``RepositoryCache`` before every checkout into the pool.
///
/// The previous job may have crashed or been killed half-way, and its model may have written into the worktree
/// (the read-only sandbox should prevent that, but the pool does not rely on it). Modified and untracked files are
/// always dealt with by the checkout itself (`git checkout --force`, then `git clean -ffdx`); this decides the rest.
enum PooledWorktreeRepair: Sendable, Equatable {
    /// What was found in the slot.
    struct Inspection: Sendable, Equatable {
        /// The worktree directory exists.
        var directoryExists: Bool
        /// The clone still registers it (`<repo>/worktrees/<name>/gitdir` exists).
        var registered: Bool
        /// The worktree's `.git` is a regular file that points at its registration.
        var gitFilePointsHome: Bool
        /// A git process died holding the index lock (`<repo>/worktrees/<name>/index.lock`).
        var indexLocked: Bool
    }

    /// Reuse it: remove the stale index lock and rewrite `.git` where the flags say so, then check out and clean.
    case reuse(removeIndexLock: Bool, rewriteGitFile: Bool)
    /// Remove what is left and add the worktree again (`git worktree add`).
    case recreate

    /// The repair for `inspection`.
    ///
    /// A worktree git no longer knows, or a directory that is gone, cannot be checked out into: it is added again.
    /// A `.git` that points elsewhere (rewritten by whatever ran in the worktree) is put back rather than trusted,
    /// though Warden's own commands pin `GIT_DIR` and never read it: the exec sidecar's git does.
    /// - Parameter inspection: what was found.
    /// - Returns: the repair.
    static func decide(_ inspection: Inspection) -> PooledWorktreeRepair {
        guard inspection.directoryExists, inspection.registered else { return .recreate }
        return .reuse(removeIndexLock: inspection.indexLocked, rewriteGitFile: !inspection.gitFilePointsHome)
    }
}
