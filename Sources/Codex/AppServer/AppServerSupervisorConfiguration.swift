/// Settings of an ``AppServerSupervisor``.
public struct AppServerSupervisorConfiguration: Sendable {
    /// How each worker is started.
    public var launch: AppServerLaunch
    /// How Warden introduces itself in `initialize`.
    public var client: AppServerClientInfo
    /// How long a new worker has to answer `initialize` before it is killed and restarted.
    public var handshakeTimeout: Duration
    /// How long any other request waits for its response.
    public var requestTimeout: Duration
    /// SIGTERM to SIGKILL when stopping a worker.
    public var shutdownGracePeriod: Duration
    /// Backoff and restart budget.
    public var restartPolicy: AppServerRestartPolicy
    /// How the worker's requests (approvals) are answered.
    public var requestPolicy: any AppServerRequestPolicy
    /// Told the seat's usage windows: read once from each new worker (`account/rateLimits/read`) and then from every
    /// `account/rateLimits/updated`; `nil` reads none.
    public var rateLimits: RateLimitMonitor?

    /// Creates supervisor settings.
    public init(
        launch: AppServerLaunch,
        client: AppServerClientInfo = AppServerClientInfo(),
        handshakeTimeout: Duration = .seconds(15),
        requestTimeout: Duration = .seconds(120),
        shutdownGracePeriod: Duration = .seconds(5),
        restartPolicy: AppServerRestartPolicy = AppServerRestartPolicy(),
        requestPolicy: any AppServerRequestPolicy = DecliningRequestPolicy(),
        rateLimits: RateLimitMonitor? = nil
    ) {
        self.launch = launch
        self.client = client
        self.handshakeTimeout = handshakeTimeout
        self.requestTimeout = requestTimeout
        self.shutdownGracePeriod = shutdownGracePeriod
        self.restartPolicy = restartPolicy
        self.requestPolicy = requestPolicy
        self.rateLimits = rateLimits
    }
}
