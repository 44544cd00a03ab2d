/// One scheduled job as `/healthz` shows it (a `[[remediate.schedule]]` entry of `warden serve`). Times are ISO 8601
/// in UTC.
public struct ScheduledJobStatus: Sendable, Codable, Equatable {
    /// The repository's web address.
    public var repo: String
    /// Where its findings come from.
    public var source: String
    /// The five-field cron expression, in UTC.
    public var cron: String
    /// When it runs next; `nil` when the expression never matches.
    public var nextRun: String?
    /// Whether a run holds the store's lease now (on any replica).
    public var running: Bool
    /// When the last run started, on any replica.
    public var lastStartedAt: String?
    /// When the last finished run ended.
    public var lastFinishedAt: String?
    /// How it ended: `succeeded`, `failed` (a finding failed), `stopped` (the kill switch, the budget, no sandbox),
    /// `error` (the run could not start: forge or store unreachable) or `cancelled`.
    public var lastOutcome: String?

    /// Creates a status.
    public init(
        repo: String, source: String, cron: String, nextRun: String?, running: Bool = false, lastStartedAt: String? = nil,
        lastFinishedAt: String? = nil, lastOutcome: String? = nil
    ) {
        self.repo = repo
        self.source = source
        self.cron = cron
        self.nextRun = nextRun
        self.running = running
        self.lastStartedAt = lastStartedAt
        self.lastFinishedAt = lastFinishedAt
        self.lastOutcome = lastOutcome
    }

    enum CodingKeys: String, CodingKey {
        case repo, source, cron, running
        case nextRun = "next_run"
        case lastStartedAt = "last_started_at"
        case lastFinishedAt = "last_finished_at"
        case lastOutcome = "last_outcome"
    }
}

/// What reports scheduled jobs to `/healthz`, so the review bot's health route shows the remediation schedule without
/// importing the remediation system.
public protocol ScheduledJobReporting: Sendable {
    /// Every scheduled job, in configuration order.
    func scheduledJobs() async -> [ScheduledJobStatus]
}
