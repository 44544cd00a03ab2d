import Codex

/// Counts the turns each worker has served and says when it is due to be replaced: codex keeps
/// every thread loaded for 30 minutes after its last subscriber left (about 1.2 MiB each), so a
/// busy worker's memory grows with its recent request count. A fresh worker starts empty.
actor WorkerRecycler {
    /// Turns after which a worker is due; 0 never.
    let limit: Int
    private var worker: AppServerConnection?
    private var turns = 0

    /// Creates a counter.
    init(limit: Int) {
        self.limit = max(limit, 0)
    }

    /// Counts a turn that ended on `connection`'s worker.
    ///
    /// - Returns: the worker's turns once it has served at least `limit`, else `nil`.
    func turnEnded(on connection: AppServerConnection) -> Int? {
        guard limit > 0 else { return nil }
        if worker !== connection {
            worker = connection
            turns = 0
        }
        turns += 1
        return turns >= limit ? turns : nil
    }
}
