import Codex
import Logging

/// Keeps `thread/start` off a request's path: one spare ephemeral thread, started ahead and never
/// used, per recently seen thread shape (model, instructions, sandbox, workspace), on the current
/// worker.
///
/// A request takes the spare of its shape — ready, or still starting, which is never slower than
/// starting its own; without a usable spare (a new shape, a spare that failed or grew old) it starts
/// its own thread. Its replacement is started once the request's turn has produced its first token
/// (or ended), so that `thread/start` never competes with a turn that has not answered yet. A
/// thread is handed out once and never gets a second turn, so no request sees another's conversation.
///
/// Bounds: spares of a worker that has since been replaced are dropped; only the `capacity` most
/// recently used shapes keep one (an evicted spare is released); a spare older than `maximumAge`
/// is released instead of used, so no thread waits for days before its first turn.
actor SpareThreads {
    private struct Spare {
        var options: AppServerThreadOptions
        var connection: AppServerConnection
        var thread: Task<ThreadID, any Error>
        var created: ContinuousClock.Instant
    }

    /// How many shapes keep a spare.
    let capacity: Int
    /// The age after which a spare is released rather than used.
    let maximumAge: Duration
    /// Spares, least recently used shape first; at most one per shape.
    private var spares: [Spare] = []
    private let logger: Logger

    /// Creates an empty set.
    ///
    /// - Parameters:
    ///   - capacity: how many shapes keep a spare (none when 0).
    ///   - maximumAge: the age after which a spare is released rather than used.
    ///   - logger: the gateway's logger.
    init(capacity: Int, maximumAge: Duration, logger: Logger) {
        self.capacity = max(capacity, 0)
        self.maximumAge = maximumAge
        self.logger = logger
    }

    /// A new, unused thread of `options` on `connection`: the shape's spare when there is a usable
    /// one, else a thread started now.
    ///
    /// - Returns: the thread, and whether it was a spare.
    /// - Throws: what `thread/start` throws when no spare could be used.
    func thread(_ options: AppServerThreadOptions, on connection: AppServerConnection) async throws -> (ThreadID, spare: Bool) {
        dropSpares(notOn: connection)
        if let taken = spares.firstIndex(where: { $0.options == options }).map({ spares.remove(at: $0) }) {
            if taken.created.duration(to: .now) > maximumAge {
                Self.release(taken, logger: logger)
            } else if let thread = try? await taken.thread.value {
                return (thread, true)
            }
        }
        return (try await connection.startThread(options), false)
    }

    /// How many spares are held (ready or starting).
    var count: Int { spares.count }

    /// Makes `options` the most recently used shape and starts its spare unless it has one (ready or
    /// starting); the least recently used shape's spare is released when over capacity.
    ///
    /// - Parameters:
    ///   - options: the shape of a thread that just answered.
    ///   - connection: the worker it ran on; nothing is started for a worker that has been replaced.
    func prepare(_ options: AppServerThreadOptions, on connection: AppServerConnection) async {
        guard capacity > 0, await !connection.isClosed else { return }
        dropSpares(notOn: connection)
        if let index = spares.firstIndex(where: { $0.options == options }) {
            spares.append(spares.remove(at: index))
            return
        }
        let thread = Task { try await connection.startThread(options) }
        spares.append(Spare(options: options, connection: connection, thread: thread, created: .now))
        while spares.count > capacity { Self.release(spares.removeFirst(), logger: logger) }
    }

    /// Forgets the spares of any other worker (one that has been replaced; its threads are gone with it).
    private func dropSpares(notOn connection: AppServerConnection) {
        let before = spares.count
        spares.removeAll { $0.connection !== connection }
        if spares.count < before { logger.debug("dropped the spare threads of a replaced worker", metadata: ["count": "\(before - spares.count)"]) }
    }

    /// Unsubscribes from a spare that will not be used, once it has started.
    private static func release(_ spare: Spare, logger: Logger) {
        Task {
            guard let thread = try? await spare.thread.value else { return }
            spare.connection.release(thread, logger: logger)
        }
    }
}
