/// One step of one finding, for the live progress line.
public struct RemediationProgress: Sendable, Equatable {
    /// What the runner is doing.
    public enum Phase: String, Sendable {
        case checkingOut = "checking out"
        case runningCodex = "running codex"
        case testing = "running tests"
        case scanning = "scanning for secrets"
        case publishing = "publishing"
        case done
    }

    /// The finding's position, from 1.
    public var index: Int
    /// How many findings the run has.
    public var total: Int
    /// The finding.
    public var findingID: String
    /// The step.
    public var phase: Phase
    /// Time since the finding started.
    public var elapsed: Duration
    /// The outcome, once ``phase`` is ``Phase/done``.
    public var outcome: FindingOutcome?

    /// `[2/5] CVE-2024-1 running tests (1m 12s)`.
    public var line: String {
        var text = "[\(index)/\(total)] \(findingID) \(phase.rawValue) (\(RemediationReport.format(elapsed)))"
        if let outcome { text += ": \(outcome.label)" }
        return text
    }
}
