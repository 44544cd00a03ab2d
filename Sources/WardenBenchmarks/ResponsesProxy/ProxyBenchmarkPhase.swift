/// One time-bounded step of ``ResponsesProxyBenchmark``.
enum ProxyBenchmarkPhase: String, Sendable {
    case upstreamStart = "upstream start"
    case proxyStart = "proxy start"
    case warmUp = "warm-up"
    case latency = "latency"
    case throughput = "throughput"
    case slowStream = "slow stream"

    /// Runs `operation`, or gives up after `limit`.
    ///
    /// On time-out `onTimeout` runs first (the benchmark kills the proxy under test there, so sockets to it fail at
    /// once), then the operation is cancelled and awaited, and ``ResponsesProxyBenchmarkError/phaseTimedOut(phase:target:limit:)``
    /// is thrown. The operation must end on cancellation or once `onTimeout` ran; every operation of the benchmark does
    /// (HTTP client requests are cancelled, processes are killed).
    /// - Parameters:
    ///   - target: What the phase measures, for the error message.
    ///   - limit: The time the phase may take.
    ///   - onTimeout: Called once when the limit passes.
    ///   - operation: The phase.
    /// - Returns: The operation's result.
    /// - Throws: Whatever the operation throws, or the time-out error.
    func run<Value: Sendable>(
        target: String,
        limit: Duration,
        onTimeout: @escaping @Sendable () -> Void = {},
        _ operation: @escaping @Sendable () async throws -> Value
    ) async throws -> Value {
        try await withTimeLimit(limit, onTimeout: onTimeout, timedOut: { ResponsesProxyBenchmarkError.phaseTimedOut(phase: self, target: target, limit: limit) }, operation)
    }
}
