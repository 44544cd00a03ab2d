/// One time-bounded step of ``ResponsesProxyBenchmark``.
enum ProxyBenchmarkPhase: String, Sendable {
    /// The local upstream binds its port.
    case upstreamStart = "upstream start"
    /// A proxy under benchmark starts and writes its `--server-info` file.
    case proxyStart = "proxy start"
    /// Unmeasured requests that open every client's connection.
    case warmUp = "warm-up"
    /// Sequential requests, timed one by one.
    case latency = "latency"
    /// Concurrent requests, timed as a whole.
    case throughput = "throughput"
    /// One request whose events are spaced apart, for the time to the first event.
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
