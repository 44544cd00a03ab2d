/// One `[[remediate.schedule]]` entry: `warden remediate --repo <repo> --source <source>`, run by `warden serve` at the
/// times `cron` names (UTC).
public struct ScheduledRemediation: Sendable, Hashable {
    /// The repository's web address, as `--repo` takes it.
    public let repo: String
    /// Where findings come from, as `--source` takes it (not `stdin`: a scheduled run has none).
    public let source: FindingSource
    /// When it runs.
    public let cron: CronSchedule

    /// Creates an entry.
    public init(repo: String, source: FindingSource, cron: CronSchedule) {
        self.repo = repo
        self.source = source
        self.cron = cron
    }

    /// The entry's name in the store and the logs: repository, source and schedule, so an edited entry starts afresh.
    public var key: String { "\(repo) \(source) \(cron)" }
}
