/// Runs Codex turns; the I/O boundary the review bot and remediation depend on, so tests can
/// substitute a fake for ``ExecRunner``.
public protocol CodexExecuting: Sendable {
    /// Runs one turn.
    ///
    /// - Parameters:
    ///   - request: what to run.
    ///   - onEvent: called with every event as it arrives, for progress reporting.
    /// - Returns: the completed turn.
    /// - Throws: ``CodexError`` for every failure, classified.
    func run(_ request: ExecRequest, onEvent: @escaping @Sendable (ExecEvent) async -> Void) async throws(CodexError) -> ExecResult
}

extension CodexExecuting {
    /// Runs one turn without watching its events.
    ///
    /// - Parameter request: what to run.
    /// - Returns: the completed turn.
    /// - Throws: ``CodexError``.
    public func run(_ request: ExecRequest) async throws(CodexError) -> ExecResult {
        try await run(request, onEvent: { _ in })
    }

    /// Runs one turn whose final message must be `Output` as JSON: passes `Output.jsonSchema` with
    /// `--output-schema`, then decodes and validates the final message.
    ///
    /// - Parameters:
    ///   - request: what to run; its ``ExecRequest/outputSchema`` is replaced by `Output`'s.
    ///   - expecting: the answer's type.
    ///   - onEvent: called with every event as it arrives.
    /// - Returns: the validated answer and the run.
    /// - Throws: ``CodexError``, ``CodexError/invalidStructuredOutput(reason:)`` for a bad answer.
    public func run<Output: StructuredOutput>(
        _ request: ExecRequest,
        expecting: Output.Type,
        onEvent: @escaping @Sendable (ExecEvent) async -> Void = { _ in }
    ) async throws(CodexError) -> StructuredExecResult<Output> {
        var request = request
        request.outputSchema = Output.jsonSchema
        let result = try await run(request, onEvent: onEvent)
        guard let text = result.finalMessage else {
            throw .invalidStructuredOutput(reason: "the turn ended without a final message")
        }
        return StructuredExecResult(output: try Output.decode(finalMessage: text), run: result)
    }
}
