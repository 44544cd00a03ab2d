public import Logging
public import ServiceLifecycle

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Keeps one `codex app-server` worker running, as a swift-service-lifecycle `Service`.
///
/// The worker is ready once its `initialize` handshake completes. When it dies (or does not finish
/// the handshake in time) every request and turn in flight fails at once with a retryable
/// ``AppServerError``, and a new worker is started after an exponential backoff with jitter. The
/// failures are counted in a sliding window (``RestartBudget``): a crash now and then is restarted
/// forever, a crash loop stops the restarts and the supervisor reports itself not live.
/// On graceful shutdown the worker's process group gets SIGTERM, then SIGKILL after the grace period.
///
/// Threads live in a worker: after a restart, continue a thread with
/// ``AppServerConnection/resumeThread(_:options:)`` before starting a turn on it.
public actor AppServerSupervisor: Service {
    private let configuration: AppServerSupervisorConfiguration
    private let logger: Logger
    private var state: AppServerStatus.State = .starting
    private var processID: Int32?
    private var restartCount = 0
    private var recycleCount = 0
    /// Set by ``recycle(reason:)`` until the worker it stops has ended.
    private var recycling = false
    private var lastError: String?
    private var handshakeError: String?
    private var current: AppServerConnection?
    private var budget: RestartBudget
    private var consecutiveFailures = 0
    private var nextWaiterID = 0
    private var readyWaiters: [Int: AsyncStream<Void>.Continuation] = [:]

    /// Creates a supervisor; nothing is started before ``run()``.
    ///
    /// - Parameters:
    ///   - configuration: launch, timeouts and restart policy.
    ///   - logger: the module's logger (`warden.codex`).
    public init(configuration: AppServerSupervisorConfiguration, logger: Logger) {
        self.configuration = configuration
        self.logger = logger
        self.budget = configuration.restartPolicy.makeBudget()
    }

    /// The monitor told the seat's usage windows (``AppServerSupervisorConfiguration/rateLimits``), if any.
    public nonisolated var rateLimits: RateLimitMonitor? { configuration.rateLimits }

    /// The current state, for health endpoints.
    public var status: AppServerStatus {
        AppServerStatus(state: state, processID: processID, restartCount: restartCount, recycleCount: recycleCount, lastError: lastError)
    }

    /// The ready worker's connection.
    ///
    /// - Returns: the connection to send requests on.
    /// - Throws: ``AppServerError/notReady(_:)`` (retryable) while no worker is ready, or
    ///   ``AppServerError/stopped`` after shutdown.
    public func connection() throws(AppServerError) -> AppServerConnection {
        if state == .stopped { throw .stopped }
        guard state == .ready, let current else { throw .notReady(state.rawValue) }
        return current
    }

    /// Waits until a worker is ready and returns its connection.
    ///
    /// - Parameter timeout: how long to wait.
    /// - Returns: the connection.
    /// - Throws: ``AppServerError/notReady(_:)`` after `timeout` or once the supervisor has given
    ///   up; ``AppServerError/stopped`` after shutdown.
    public func readyConnection(within timeout: Duration) async throws -> AppServerConnection {
        if state == .ready || state == .failed || state == .stopped { return try connection() }
        let id = nextWaiterID
        nextWaiterID += 1
        let (wakeUps, continuation) = AsyncStream<Void>.makeStream()
        readyWaiters[id] = continuation
        defer { readyWaiters.removeValue(forKey: id) }
        let stateName = state.rawValue
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                for await _ in wakeUps { return }
                throw CancellationError()
            }
            group.addTask {
                try await Task.sleep(for: timeout)
                throw AppServerError.notReady(stateName)
            }
            defer { group.cancelAll() }
            try await group.next()
        }
        return try connection()
    }

    /// Replaces the ready worker on purpose, for example to give back the memory of the threads it
    /// holds: its connection stops being handed out at once, the worker gets SIGTERM (its process
    /// group), and a new one starts as soon as it has exited — without backoff and without counting
    /// against the restart budget. Callers should recycle an idle worker: turns still running on it fail.
    ///
    /// - Parameter reason: why, for the log.
    /// - Returns: whether a worker was stopped (`false` unless one is ready).
    @discardableResult
    public func recycle(reason: String) -> Bool {
        guard state == .ready, let pid = processID else { return false }
        recycling = true
        state = .recycling
        current = nil
        logger.info("recycling the codex app-server worker", metadata: ["pid": "\(pid)", "reason": "\(reason)"])
        _ = kill(-pid, SIGTERM)
        let grace = configuration.shutdownGracePeriod
        Task {
            try? await Task.sleep(for: grace)
            self.killIfStillRunning(pid)
        }
        return true
    }

    /// SIGKILLs the group of a recycled worker that has not exited within the grace period.
    private func killIfStillRunning(_ pid: Int32) {
        guard processID == pid else { return }
        logger.warning("the recycled codex app-server worker ignored SIGTERM; killing it", metadata: ["pid": "\(pid)"])
        _ = kill(-pid, SIGKILL)
    }

    /// Runs workers until the task is cancelled or the service group shuts down gracefully.
    public func run() async throws {
        logger.info("starting codex app-server supervisor", metadata: ["executable": "\(configuration.launch.executablePath)"])
        await cancelWhenGracefulShutdown { await self.supervise() }
        state = .stopped
        processID = nil
        await current?.close(.stopped)
        current = nil
        wakeWaiters()
        logger.info("codex app-server supervisor stopped")
    }

    // MARK: - Private

    private func supervise() async {
        while !Task.isCancelled {
            let ending = await runWorker()
            current = nil
            processID = nil
            guard !Task.isCancelled else { return }
            if recycling {
                recycling = false
                recycleCount += 1
                continue
            }
            state = .restarting
            lastError = ending
            guard budget.recordFailure(at: .now) else {
                state = .failed
                wakeWaiters()
                logger.error(
                    "codex app-server keeps failing; giving up until restarted",
                    metadata: ["reason": "\(ending)", "failures_in_window": "\(budget.limit)"]
                )
                while !Task.isCancelled { try? await Task.sleep(for: .seconds(3600)) }
                return
            }
            consecutiveFailures += 1
            let delay = configuration.restartPolicy.backoff(
                consecutiveFailures: consecutiveFailures,
                randomSample: Double.random(in: 0...1)
            )
            logger.warning("codex app-server worker ended; restarting", metadata: ["reason": "\(ending)", "backoff": "\(delay)"])
            try? await Task.sleep(for: delay)
            restartCount += 1
        }
    }

    private func runWorker() async -> String {
        handshakeError = nil
        let configuration = self.configuration
        do {
            let ending = try await AppServerProcess.run(
                configuration.launch,
                requestPolicy: configuration.requestPolicy,
                requestTimeout: configuration.requestTimeout,
                gracePeriod: configuration.shutdownGracePeriod,
                logger: logger
            ) { connection, pid in
                await self.workerStarted(pid: pid)
                do {
                    try await connection.initialize(client: configuration.client, timeout: configuration.handshakeTimeout)
                } catch {
                    await self.handshakeFailed(error)
                    return false
                }
                await self.workerReady(connection)
                if let monitor = configuration.rateLimits { await self.readRateLimits(from: connection, into: monitor) }
                return true
            } onOutputClosed: {
                await self.workerOutputClosed()
            }
            return handshakeError ?? ending
        } catch {
            return "\(error)"
        }
    }

    private func workerStarted(pid: Int32) {
        processID = pid
        logger.info("codex app-server worker started", metadata: ["pid": "\(pid)"])
    }

    private func workerOutputClosed() {
        current = nil
        if state == .ready { state = .restarting }
    }

    private func handshakeFailed(_ error: any Error) {
        handshakeError = "the handshake failed: \(error)"
    }

    private func workerReady(_ connection: AppServerConnection) {
        current = connection
        state = .ready
        consecutiveFailures = 0
        wakeWaiters()
        logger.info("codex app-server worker ready", metadata: ["pid": "\(processID.map { "\($0)" } ?? "-")"])
    }

    /// Subscribes `monitor` to the worker's rate-limit updates and reads the windows once, in the background; a seat
    /// on an API key has none (codex answers an error), which is logged at debug level only.
    private func readRateLimits(from connection: AppServerConnection, into monitor: RateLimitMonitor) async {
        await connection.report(rateLimitsTo: monitor)
        let logger = self.logger
        Task {
            do {
                if let snapshot = try await connection.readRateLimits(timeout: .seconds(30)) { await monitor.update(snapshot) }
            } catch {
                logger.debug("codex reports no usage windows for this seat", metadata: ["error": "\(error)"])
            }
        }
    }

    private func wakeWaiters() {
        for waiter in readyWaiters.values {
            waiter.yield()
            waiter.finish()
        }
        readyWaiters.removeAll()
    }
}
