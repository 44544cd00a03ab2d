/// A snapshot of the supervised worker, for `/healthz`, `/readyz` and `/livez`.
public struct AppServerStatus: Sendable, Equatable {
    /// Where the supervisor is in a worker's life.
    public enum State: String, Sendable, Equatable {
        /// The first worker is being started and has not finished its handshake.
        case starting
        /// A worker finished its handshake and takes requests.
        case ready
        /// The worker died or never became ready; a new one is on its way.
        case restarting
        /// A planned replacement (``AppServerSupervisor/recycle(reason:)``): the worker is stopping and a
        /// new one starts at once; not a failure.
        case recycling
        /// Too many failures within the budget's window: no more restarts.
        case failed
        /// The supervisor was shut down.
        case stopped
    }

    /// The current state.
    public var state: State
    /// The worker's pid while one runs.
    public var processID: Int32?
    /// How many times a worker was restarted since the supervisor started.
    public var restartCount: Int
    /// How many times a worker was replaced on purpose (recycled), not counted in ``restartCount``.
    public var recycleCount: Int = 0
    /// The last failure, as a sentence, if any.
    public var lastError: String?

    /// Whether requests can be served now (handshake done).
    public var isReady: Bool { state == .ready }
    /// Whether the supervisor still has (or will get) a worker; `false` once it gave up or stopped.
    public var isLive: Bool { state != .failed && state != .stopped }
}
