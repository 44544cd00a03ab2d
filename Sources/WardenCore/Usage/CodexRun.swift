public import Foundation

/// What the run ledger keeps of one Codex run: ids and numbers only, never a prompt or an answer.
public struct CodexRun: Sendable, Hashable {
    /// The system the run worked for.
    public var system: CodexSystem
    /// The forge project, where the run had one.
    public var projectID: ProjectID?
    /// The merge request (`!12`) or finding id the run was about, where it had one.
    public var reference: String?
    /// The Codex thread the run was a turn of, where known: resumed turns of one thread are told apart by it.
    public var threadID: String?
    /// The model that ran.
    public var model: String
    /// The run's tokens.
    public var tokens: RunTokens
    /// Wall-clock seconds from start to end.
    public var durationSeconds: Double
    /// `completed`, or the failure's short label (`timeout`, `auth`, …).
    public var outcome: String
    /// When the run ended.
    public var finishedAt: Date

    /// The outcome of a run that completed.
    public static let completed = "completed"

    /// Creates a record.
    public init(
        system: CodexSystem,
        projectID: ProjectID? = nil,
        reference: String? = nil,
        threadID: String? = nil,
        model: String,
        tokens: RunTokens,
        durationSeconds: Double,
        outcome: String,
        finishedAt: Date
    ) {
        self.system = system
        self.projectID = projectID
        self.reference = reference
        self.threadID = threadID
        self.model = model
        self.tokens = tokens
        self.durationSeconds = durationSeconds
        self.outcome = outcome
        self.finishedAt = finishedAt
    }
}

/// What a Codex run was about, for the ledger: the project and the merge request or finding.
public struct CodexRunSubject: Sendable, Hashable {
    /// The forge project.
    public var projectID: ProjectID?
    /// `!<iid>` for a merge request, the finding's id for a remediation.
    public var reference: String?

    /// Creates a subject.
    public init(projectID: ProjectID?, reference: String?) {
        self.projectID = projectID
        self.reference = reference
    }

    /// A merge request of a project.
    public static func mergeRequest(_ projectID: ProjectID, iid: MergeRequestIID) -> Self {
        Self(projectID: projectID, reference: "!\(iid)")
    }
}

/// Where finished Codex runs are recorded: the store's run ledger, and the metrics beside it.
public protocol CodexRunLedger: Sendable {
    /// Records one finished run.
    /// - Throws: when the run could not be recorded.
    func record(_ run: CodexRun) async throws

    /// The tokens of every recorded run of a Codex thread, summed: the thread's running total, which codex reports
    /// (cumulatively) at the end of a resumed turn, so the turn's own tokens are the difference.
    /// - Throws: when the ledger cannot be read.
    func threadTokens(_ threadID: String) async throws -> RunTokens
}
