import Codex

/// Passes every turn to codex unchanged and keeps the last request, so the benchmark's baseline can spawn codex
/// with exactly the prompt and output schema Warden sent.
actor RecordingCodex: CodexExecuting {
    private let runner: ExecRunner
    /// The last request passed on, if any.
    private(set) var lastRequest: ExecRequest?

    /// Passes turns to `runner`.
    init(runner: ExecRunner) {
        self.runner = runner
    }

    /// Keeps `request` as ``lastRequest``, then runs it with the runner.
    func run(_ request: ExecRequest, onEvent: @escaping @Sendable (ExecEvent) async -> Void) async throws(CodexError) -> ExecResult {
        lastRequest = request
        return try await runner.run(request, onEvent: onEvent)
    }
}
