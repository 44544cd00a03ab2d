public import WardenCore

/// Which pre-warm fetch runs next: a pure decision, one fetch per project at a time, applied by ``RepositoryPrewarmer``.
///
/// A project with a fetch in flight keeps only the newest head that arrived meanwhile: a push while the last one is
/// still being fetched makes the older head moot, and the worker fetches whatever the pre-warm missed.
public struct PrewarmQueue: Sendable, Equatable {
    private var running: Set<ProjectID> = []
    private var pending: [ProjectID: ReviewTarget] = [:]

    /// An empty queue.
    public init() {}

    /// Offers a head to fetch.
    /// - Parameter target: the merge request head a review job was accepted for.
    /// - Returns: `true` when the caller should fetch it now; `false` when it waits behind its project's fetch in
    ///   flight (replacing any head that waited before it).
    public mutating func offer(_ target: ReviewTarget) -> Bool {
        guard running.insert(target.projectID).inserted else {
            pending[target.projectID] = target
            return false
        }
        return true
    }

    /// Records that the fetch for `project` ended.
    /// - Parameter project: the project whose fetch ended.
    /// - Returns: the head to fetch next for that project (the caller keeps its slot), or `nil` (the slot is freed).
    public mutating func finished(_ project: ProjectID) -> ReviewTarget? {
        if let next = pending.removeValue(forKey: project) { return next }
        running.remove(project)
        return nil
    }
}
