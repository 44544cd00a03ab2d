/// A Codex turn that completed: `turn.completed` arrived and codex exited with status 0.
public struct ExecResult: Sendable, Equatable {
    /// The thread the turn ran in (new, or the resumed one).
    public let threadID: ThreadID
    /// The text of the last `agent_message`, if the model sent one.
    public let finalMessage: String?
    /// Every completed item, in the order codex finished them.
    public let items: [ExecItem]
    /// Usage of the whole thread so far, as codex reports it.
    public let totalUsage: TokenUsage
    /// Usage of this turn alone: ``totalUsage`` minus the previous total the caller gave.
    public let turnUsage: TokenUsage
    /// Non-fatal `error` events and items (retries, fallbacks), in order.
    public let warnings: [String]
    /// The last part of codex's standard error.
    public let stderrTail: String

    /// Creates a result (the runner does; fakes of ``CodexExecuting`` may too).
    public init(
        threadID: ThreadID,
        finalMessage: String?,
        items: [ExecItem],
        totalUsage: TokenUsage,
        turnUsage: TokenUsage,
        warnings: [String] = [],
        stderrTail: String = ""
    ) {
        self.threadID = threadID
        self.finalMessage = finalMessage
        self.items = items
        self.totalUsage = totalUsage
        self.turnUsage = turnUsage
        self.warnings = warnings
        self.stderrTail = stderrTail
    }
}
