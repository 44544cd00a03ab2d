public import WardenCore

/// One `codex exec` turn to run.
public struct ExecRequest: Sendable, Equatable {
    /// The prompt; passed on standard input, so its size and content need no quoting.
    public var prompt: String
    /// The agent's working root (`-C`), e.g. a worktree at the reviewed commit.
    public var workingDirectory: String
    /// The thread to continue, as stored; checked to be a UUID before anything is spawned.
    public var resumeThread: String?
    /// The thread's cumulative usage after its previous turn, so this turn's usage can be computed.
    public var previousTotal: TokenUsage?
    /// The wall-clock limit; the run's process group is stopped when it is reached.
    public var timeout: Duration
    /// A JSON Schema (JSON text) for the final message, passed with `--output-schema`.
    public var outputSchema: String?
    /// The job's tool policy, replacing the runner's (``CodexArguments/tools``); `nil` keeps the runner's.
    public var tools: ToolPolicy?
    /// What the run is about (project, merge request or finding), for the run ledger (``LedgeredCodex``).
    public var subject: CodexRunSubject?

    /// Creates a request.
    ///
    /// - Parameters:
    ///   - prompt: the prompt text.
    ///   - workingDirectory: the agent's working root.
    ///   - resumeThread: the thread id to resume, or `nil` for a new thread.
    ///   - previousTotal: the thread's cumulative usage so far, when resuming.
    ///   - timeout: the wall-clock limit (default 15 minutes).
    ///   - outputSchema: a JSON Schema for the final message.
    ///   - tools: the job's tool policy, or `nil` for the runner's.
    ///   - subject: what the run is about, for the run ledger.
    public init(
        prompt: String,
        workingDirectory: String,
        resumeThread: String? = nil,
        previousTotal: TokenUsage? = nil,
        timeout: Duration = .seconds(15 * 60),
        outputSchema: String? = nil,
        tools: ToolPolicy? = nil,
        subject: CodexRunSubject? = nil
    ) {
        self.prompt = prompt
        self.workingDirectory = workingDirectory
        self.resumeThread = resumeThread
        self.previousTotal = previousTotal
        self.timeout = timeout
        self.outputSchema = outputSchema
        self.tools = tools
        self.subject = subject
    }
}
