/// How a scheduled remediation run ended: the label the store keeps and `/healthz` shows.
public enum ScheduledRunOutcome: String, Sendable, CaseIterable {
    /// Every finding was fixed, skipped or refused by a gate (the exit status 0 of `warden remediate`).
    case succeeded
    /// A finding failed (exit status 1).
    case failed
    /// The run stopped before any finding: the kill switch, the budget, or no sandbox for the test command.
    case stopped
    /// The run could not be made: the project or the source could not be read, or the store failed.
    case error
    /// `warden serve` shut down, or the run's lease was lost to another replica, during the run.
    case cancelled

    /// The outcome of a run that produced `report`.
    public init(_ report: RemediationReport) {
        if report.hasFailures {
            self = .failed
        } else if report.stoppedReason != nil {
            self = .stopped
        } else {
            self = .succeeded
        }
    }
}
