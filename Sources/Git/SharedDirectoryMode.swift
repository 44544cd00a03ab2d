/// The modes that open the cache to the exec sidecar's group: a pure decision, applied by
/// `RepositoryCache.share(with:)`.
///
/// The exec container runs the model's commands in a worktree, as another uid that belongs to the shared group.
/// It needs to reach `<data dir>/worktrees/<name>` and, for git inside the worktree, the clone's objects under
/// `<data dir>/repos`. It gets exactly that: search (not read) permission on the data directory, so it cannot
/// list the store or the owner markers, and read-only set-gid folders for clones and worktrees, so everything git
/// creates in them later belongs to the group too. Nothing is group-writable: a hostile command cannot change
/// the clone the bot fetches into, or another job's worktree.
enum SharedDirectoryMode {
    /// A directory of the cache that the shared group needs.
    enum Directory: Sendable {
        /// The data directory itself.
        case dataDirectory
        /// `repos/`, the bare clones.
        case repositories
        /// `worktrees/`, one folder per job.
        case worktrees
    }

    /// The mode `directory` gets, given its current mode.
    /// - Parameters:
    ///   - directory: Which directory.
    ///   - current: Its permission bits now.
    /// - Returns: The permission bits to set.
    static func mode(of directory: Directory, current: UInt32) -> UInt32 {
        switch directory {
        case .dataDirectory: (current & 0o700) | 0o010
        case .repositories, .worktrees: 0o2750
        }
    }
}
