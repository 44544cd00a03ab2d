import Forge
public import Logging
public import ServiceLifecycle

/// The review workers of `warden serve`, started once what they need can be built — in particular once GitLab has
/// said who the bot's token belongs to (`GET /user`).
///
/// The HTTP server starts first and stores deliveries whatever GitLab's state: a pod whose egress proxy is not up
/// yet, or a GitLab in maintenance, must not crash-loop the receiver. So the pool retries `start` while it fails
/// with an error worth retrying (``shouldRetry(_:)``: the forge unreachable, a 5xx, a 429), waiting 1 s, then twice
/// as long each time up to 30 s, and logs each wait; any other failure (a refused token, a token of another account,
/// a missing codex) ends the pool with ``StartupRefusal``, which `serve` turns into exit 78.
public struct ReviewWorkerPool: Service {
    /// Why the workers could not start, for good.
    public struct StartupRefusal: Error, CustomStringConvertible {
        /// The underlying error.
        public let reason: any Error
        /// The reason, as operators read it.
        public var description: String { "\(reason)" }
    }

    private let start: @Sendable () async throws -> [any Service]
    private let initialDelay: Duration
    private let maximumDelay: Duration
    private let logger: Logger

    /// A pool that builds its workers with `start`.
    ///
    /// - Parameters:
    ///   - initialDelay: the first wait after a retryable failure (1 s).
    ///   - maximumDelay: the longest wait (30 s).
    ///   - logger: where waits and the start are logged.
    ///   - start: builds the workers (dependencies, identity, clean-up); run again after a retryable failure.
    public init(
        initialDelay: Duration = .seconds(1),
        maximumDelay: Duration = .seconds(30),
        logger: Logger,
        start: @escaping @Sendable () async throws -> [any Service]
    ) {
        self.start = start
        self.initialDelay = initialDelay
        self.maximumDelay = maximumDelay
        self.logger = logger
    }

    /// Whether a failed start is worth trying again: the forge could not be reached or answered 5xx or 429.
    public static func shouldRetry(_ error: any Error) -> Bool {
        (error as? ForgeError)?.isRetryable ?? false
    }

    /// Builds the workers (retrying as described) and runs them until shutdown.
    public func run() async throws {
        var delay = initialDelay
        var workers: [any Service]
        while true {
            do {
                workers = try await start()
                break
            } catch where Self.shouldRetry(error) {
                logger.warning(
                    "review workers not started yet: GitLab cannot be asked who the bot is; trying again",
                    metadata: ["error": "\(error)", "retry_in": "\(delay)"]
                )
                do {
                    let wait = delay
                    try await cancelWhenGracefulShutdown { try await Task.sleep(for: wait) }
                } catch {
                    return  // shutting down before the workers ever started
                }
                delay = min(delay * 2, maximumDelay)
            } catch {
                throw StartupRefusal(reason: error)
            }
        }
        logger.info("review workers starting", metadata: ["workers": "\(workers.count)"])
        try await withThrowingDiscardingTaskGroup { group in
            for worker in workers {
                group.addTask { try await worker.run() }
            }
        }
    }
}
