/// Which pre-warm fetch runs next: a pure decision, one fetch per repository at a time, applied by
/// ``RepositoryPrewarmer``.
///
/// A repository with a fetch in flight keeps only the newest head that arrived meanwhile: a push while the last one is
/// still being fetched makes the older head moot, and the worker fetches whatever the pre-warm missed.
public struct PrewarmQueue: Sendable, Equatable {
    private var running: Set<PrewarmRepository> = []
    private var pending: [PrewarmRepository: PrewarmHead] = [:]

    /// An empty queue.
    public init() {}

    /// Offers a head to fetch.
    /// - Parameter head: the merge (pull) request head a review job was accepted for.
    /// - Returns: `true` when the caller should fetch it now; `false` when it waits behind its repository's fetch in
    ///   flight (replacing any head that waited before it).
    public mutating func offer(_ head: PrewarmHead) -> Bool {
        guard running.insert(head.repository).inserted else {
            pending[head.repository] = head
            return false
        }
        return true
    }

    /// Records that the fetch for `repository` ended.
    /// - Parameter repository: the repository whose fetch ended.
    /// - Returns: the head to fetch next for that repository (the caller keeps its slot), or `nil` (the slot is freed).
    public mutating func finished(_ repository: PrewarmRepository) -> PrewarmHead? {
        if let next = pending.removeValue(forKey: repository) { return next }
        running.remove(repository)
        return nil
    }
}
