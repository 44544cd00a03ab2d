/// `warden bench webhooks --forge github`: GitHub's ingest measured beside GitLab's in the same run, so the ratios
/// compare like with like on a machine whose speed varies with its load.
public struct WebhookForgeComparison: Sendable, Codable {
    /// The GitHub run.
    public var github: WebhookBenchmark.Report
    /// The GitLab run with the same parameters, right after.
    public var gitlab: WebhookBenchmark.Report

    /// Creates a comparison.
    public init(github: WebhookBenchmark.Report, gitlab: WebhookBenchmark.Report) {
        self.github = github
        self.gitlab = gitlab
    }

    /// GitHub's durable deliveries per second over GitLab's.
    public var throughputRatio: Double {
        guard let gitlabRate = gitlab.durable.perSecond, gitlabRate > 0 else { return 0 }
        return (github.durable.perSecond ?? 0) / gitlabRate
    }

    /// GitHub's durable p99 latency over GitLab's.
    public var p99Ratio: Double {
        gitlab.durable.p99Milliseconds > 0 ? github.durable.p99Milliseconds / gitlab.durable.p99Milliseconds : 0
    }

    /// Whether both runs stored one job per distinct event and got only expected answers.
    public var isConsistent: Bool { github.isConsistent && gitlab.isConsistent }
}
