/// The result of a structured Codex run: the decoded, validated answer and the run it came from.
public struct StructuredExecResult<Output: StructuredOutput>: Sendable {
    /// The final message, decoded and validated.
    public let output: Output
    /// Everything else about the run (thread id, items, usage).
    public let run: ExecResult

    /// Pairs an answer with its run.
    public init(output: Output, run: ExecResult) {
        self.output = output
        self.run = run
    }
}
