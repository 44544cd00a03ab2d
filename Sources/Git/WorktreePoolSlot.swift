import WardenCore

/// One place in a project's worktree pool: the worktree `<data dir>/worktrees/pool-<project id>-<index>`.
///
/// The name alone says a worktree is pooled, so a restart (``RepositoryCache/removeStaleWorktrees()``) keeps it for
/// reuse instead of deleting it as a crashed job's leftover.
struct WorktreePoolSlot: Sendable, Hashable {
    /// The project whose clone the worktree belongs to.
    let project: ProjectID
    /// Its place in the pool, from 0 to `review.worktree_pool - 1`.
    let index: Int

    /// The worktree's directory name.
    var name: String { "pool-\(project)-\(index)" }

    init(project: ProjectID, index: Int) {
        self.project = project
        self.index = index
    }

    /// The slot a worktree directory name stands for; `nil` when the name is not a pool slot's.
    init?(name: String) {
        let parts = name.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == "pool", let project = ProjectID(parts[1]), let index = Int(parts[2]), index >= 0,
            name == WorktreePoolSlot(project: project, index: index).name
        else { return nil }
        self.init(project: project, index: index)
    }
}
