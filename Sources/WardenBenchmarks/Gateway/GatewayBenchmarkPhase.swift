/// One time-bounded step of ``GatewayBenchmark``.
public enum GatewayBenchmarkPhase: String, Sendable {
    /// The stand-in model server binds its port.
    case modelServerStart = "model server start"
    /// Turns straight through the app-server client.
    case direct = "direct"
    /// Streamed chat completions through the in-process gateway.
    case gateway = "gateway"
    /// Streamed chat completions through a gateway that recycles its worker after every turn.
    case recycling = "recycling"
    /// Function results answered to the turn waiting on them, against fresh requests with the same history.
    case tools = "tools"
    /// A spawned `warden gateway` sits idle while its memory is read.
    case idleMemory = "idle memory"

    /// Runs `operation`, or gives up after `limit`.
    ///
    /// On time-out `onTimeout` runs first (the benchmark kills the phase's processes there), then the
    /// operation is cancelled and awaited, and ``GatewayBenchmarkError/phaseTimedOut(phase:limit:)`` is
    /// thrown. Every operation of the benchmark ends on cancellation: HTTP requests are cancelled and
    /// supervisors stop their workers.
    ///
    /// - Parameters:
    ///   - limit: the time the phase may take.
    ///   - onTimeout: called once when the limit passes.
    ///   - operation: the phase.
    /// - Returns: the operation's result.
    /// - Throws: whatever the operation throws, or the time-out error.
    func run<Value: Sendable>(
        limit: Duration,
        onTimeout: @escaping @Sendable () -> Void = {},
        _ operation: @escaping @Sendable () async throws -> Value
    ) async throws -> Value {
        try await withTimeLimit(limit, onTimeout: onTimeout, timedOut: { GatewayBenchmarkError.phaseTimedOut(phase: self, limit: limit) }, operation)
    }
}
