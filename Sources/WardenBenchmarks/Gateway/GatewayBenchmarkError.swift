/// Why `warden bench gateway` could not produce figures.
public struct GatewayBenchmarkError: Error, Sendable, CustomStringConvertible, Equatable {
    private enum Code: String, Sendable {
        case setupFailed = "setup_failed"
        case gatewayDidNotStart = "gateway_did_not_start"
        case phaseTimedOut = "phase_timed_out"
        case unexpectedStatus = "unexpected_status"
        case unexpectedAnswer = "unexpected_answer"
        case memoryUnreadable = "memory_unreadable"
    }

    private let code: Code
    private let detail: String

    private init(code: Code, detail: String) {
        self.code = code
        self.detail = detail
    }

    /// The scratch directory, the stand-in model server or the codex home could not be set up.
    static func setupFailed(_ reason: String) -> Self {
        Self(code: .setupFailed, detail: "benchmark failed: \(reason)")
    }

    /// The spawned `warden gateway` exited or never became ready.
    static func gatewayDidNotStart(command: String, reason: String) -> Self {
        Self(code: .gatewayDidNotStart, detail: "benchmark failed: `\(command)` did not start: \(reason)")
    }

    /// A phase ran past its time limit; its processes were killed.
    static func phaseTimedOut(phase: GatewayBenchmarkPhase, limit: Duration) -> Self {
        Self(
            code: .phaseTimedOut,
            detail: "benchmark failed: the \(phase.rawValue) phase did not finish within \(limit); it was stopped and its processes killed"
        )
    }

    /// The gateway answered a benchmark request with a status other than 200.
    static func unexpectedStatus(_ status: Int, body: String) -> Self {
        Self(code: .unexpectedStatus, detail: "benchmark failed: the gateway answered \(status) instead of 200: \(body.prefix(300))")
    }

    /// A turn ended without streaming the stand-in's answer.
    static func unexpectedAnswer(phase: GatewayBenchmarkPhase, _ what: String) -> Self {
        Self(code: .unexpectedAnswer, detail: "benchmark failed: in the \(phase.rawValue) phase \(what)")
    }

    /// `/proc/<pid>/status` had no `VmRSS` line.
    static func memoryUnreadable(pid: Int32) -> Self {
        Self(code: .memoryUnreadable, detail: "benchmark failed: the resident set size of process \(pid) could not be read")
    }

    /// A short, low-cardinality form for metric labels.
    public var metricLabel: String { code.rawValue }

    /// The failure as a sentence.
    public var description: String { detail }
}
