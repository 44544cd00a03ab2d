/// Which worktree a new lease gets: a pure decision over what the pool's slots hold now, applied by
/// ``RepositoryCache/leaseWorktree(project:remoteURL:credential:sha:fetchRefs:)``.
enum WorktreePoolChoice: Sendable, Equatable {
    /// What one slot holds, as observed just before the choice.
    enum SlotState: Sendable, Equatable {
        /// No worktree in the slot yet.
        case absent
        /// A worktree nobody uses: its owner marker is missing or names a process that is gone.
        case idle
        /// A worktree leased to a job of this process, or owned by another process that still runs.
        case leased
    }

    /// Clean the idle worktree in this slot and check the job's commit out in it.
    case reuse(slot: Int)
    /// Add a worktree in this empty slot with `git worktree add`.
    case create(slot: Int)
    /// Every slot is leased: give the job a worktree of its own, removed when it ends.
    case temporary

    /// The choice for one lease.
    ///
    /// An idle worktree comes first (checking out a few changed files is what makes the pool fast), then an empty
    /// slot (a worktree the pool keeps from now on), and only when all are leased a temporary worktree: a job never
    /// waits for another job's worktree, and never shares it.
    /// - Parameter slots: the state of each slot, index 0 first; as many as the pool's capacity.
    /// - Returns: the choice.
    static func choose(_ slots: [SlotState]) -> WorktreePoolChoice {
        if let idle = slots.firstIndex(of: .idle) { return .reuse(slot: idle) }
        if let absent = slots.firstIndex(of: .absent) { return .create(slot: absent) }
        return .temporary
    }
}
