public import Codex
public import WardenCore

/// The `/healthz` body: the worker's state, pid and restarts, the sandbox mode and the admission
/// figures.
///
/// The worker's last error is shown only as a short classified reason: the supervisor's text may
/// quote codex's stderr, which can echo a provider key on a 401.
public struct WorkerHealth: Sendable, Equatable, Encodable {
    /// `ok` while the worker takes turns (or is being recycled: requests wait for its successor),
    /// `degraded` while it restarts, `failed` once it gave up.
    public var status: String
    /// The supervisor's state (`starting`, `ready`, `restarting`, `recycling`, `failed`, `stopped`).
    public var workerState: String
    /// The worker's pid.
    public var workerPID: Int32?
    /// Worker restarts so far.
    public var restarts: Int
    /// Planned worker replacements so far (`WARDEN_GATEWAY_RECYCLE_AFTER`).
    public var recycles: Int
    /// The last failure's class (`worker_exited`, `handshake_failed`, `authentication`…).
    public var lastError: String?
    /// The sandbox codex runs the model's commands in.
    public var sandboxMode: String
    /// Turns running now.
    public var activeTurns: Int
    /// Requests waiting for a slot.
    public var queuedRequests: Int
    /// The Codex seat's usage windows, once codex reported them (`rate_limits`); encoded only then.
    public var rateLimits: [RateLimitReport]?
    /// The ChatGPT plan, when codex reported it (`plan_type`).
    public var planType: String?

    /// Builds the body from a status snapshot.
    public init(status worker: AppServerStatus, sandboxMode: SandboxMode, activeTurns: Int, queuedRequests: Int, rateLimits: RateLimitSnapshot? = nil) {
        switch worker.state {
        case .ready, .recycling: status = "ok"
        case .starting, .restarting: status = "degraded"
        case .failed, .stopped: status = "failed"
        }
        workerState = worker.state.rawValue
        workerPID = worker.processID
        restarts = worker.restartCount
        recycles = worker.recycleCount
        lastError = worker.lastError.map(Self.reason)
        self.sandboxMode = sandboxMode.rawValue
        self.activeTurns = activeTurns
        self.queuedRequests = queuedRequests
        self.rateLimits = rateLimits.map { $0.windows.map(RateLimitReport.init) }
        planType = rateLimits?.planType
    }

    /// A short class for a failure text; the text itself is never shown.
    public static func reason(_ text: String) -> String {
        let lowered = text.lowercased()
        if ["401", "403", "unauthorized", "api key", "forbidden"].contains(where: lowered.contains) { return "authentication" }
        if lowered.contains("handshake") || lowered.contains("initialize") { return "handshake_failed" }
        if lowered.contains("spawn") || lowered.contains("no such file") || lowered.contains("permission denied") { return "spawn_failed" }
        if lowered.contains("exit") || lowered.contains("signal") || lowered.contains("closed") { return "worker_exited" }
        return "worker_error"
    }

    enum CodingKeys: String, CodingKey {
        case status, restarts, recycles
        case workerState = "worker_state"
        case workerPID = "worker_pid"
        case lastError = "last_error"
        case sandboxMode = "sandbox_mode"
        case activeTurns = "active_turns"
        case queuedRequests = "queued_requests"
        case rateLimits = "rate_limits"
        case planType = "plan_type"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(status, forKey: .status)
        try container.encode(workerState, forKey: .workerState)
        try container.encode(workerPID, forKey: .workerPID)
        try container.encode(restarts, forKey: .restarts)
        try container.encode(recycles, forKey: .recycles)
        try container.encode(lastError, forKey: .lastError)
        try container.encode(sandboxMode, forKey: .sandboxMode)
        try container.encode(activeTurns, forKey: .activeTurns)
        try container.encode(queuedRequests, forKey: .queuedRequests)
        try container.encodeIfPresent(rateLimits, forKey: .rateLimits)
        try container.encodeIfPresent(planType, forKey: .planType)
    }
}
