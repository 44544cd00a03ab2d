/// Why `warden bench responses-proxy` could not produce figures.
public struct ResponsesProxyBenchmarkError: Error, Sendable, CustomStringConvertible, Equatable {
    private enum Code: String, Sendable {
        case upstreamDidNotStart = "upstream_did_not_start"
        case proxyDidNotStart = "proxy_did_not_start"
        case phaseTimedOut = "phase_timed_out"
        case unexpectedStatus = "unexpected_status"
    }

    private let code: Code
    private let detail: String

    private init(code: Code, detail: String) {
        self.code = code
        self.detail = detail
    }

    /// The local upstream could not listen.
    static func upstreamDidNotStart(reason: String) -> Self {
        Self(code: .upstreamDidNotStart, detail: "benchmark failed: the local upstream did not start: \(reason)")
    }

    /// A proxy process exited or never wrote its `--server-info` file.
    static func proxyDidNotStart(command: String, reason: String) -> Self {
        Self(code: .proxyDidNotStart, detail: "benchmark failed: `\(command)` did not start: \(reason)")
    }

    /// A phase of the benchmark ran past its time limit; the proxy under test was killed.
    static func phaseTimedOut(phase: ProxyBenchmarkPhase, target: String, limit: Duration) -> Self {
        Self(
            code: .phaseTimedOut,
            detail: "benchmark failed: the \(phase.rawValue) phase against \(target) did not finish within \(limit); "
                + "it was stopped and every proxy process killed"
        )
    }

    /// A target answered a benchmark request with a status other than 200.
    static func unexpectedStatus(target: String, status: Int) -> Self {
        Self(code: .unexpectedStatus, detail: "benchmark failed: \(target) answered \(status) instead of 200")
    }

    /// A short, low-cardinality form for metric labels.
    public var metricLabel: String { code.rawValue }

    /// The failure as a sentence.
    public var description: String { detail }
}
