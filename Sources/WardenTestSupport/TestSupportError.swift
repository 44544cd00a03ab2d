/// A failure of the test harness itself (missing codex binary, model server not running, a wait that
/// ran out of time), as opposed to a failure of the code under test.
public struct TestSupportError: Error, Sendable, CustomStringConvertible, Equatable {
    private enum Code: String, Sendable {
        case codexBinaryMissing = "codex_binary_missing"
        case fileSystem = "file_system"
        case serverNotRunning = "server_not_running"
        case serverFailedToStart = "server_failed_to_start"
        case timedOut = "timed_out"
        case postgresFailed = "postgres_failed"
    }

    private let code: Code
    private let detail: String

    private init(code: Code, detail: String) {
        self.code = code
        self.detail = detail
    }

    /// The codex binary is not where the harness looked for it.
    /// - Parameters:
    ///   - path: The path that was checked.
    ///   - fromEnvironment: Whether the path came from `WARDEN_CODEX_BIN` rather than the checkout.
    public static func codexBinaryMissing(path: String, fromEnvironment: Bool) -> Self {
        let origin = fromEnvironment ? "WARDEN_CODEX_BIN points at" : "expected the pinned codex binary at"
        return Self(
            code: .codexBinaryMissing,
            detail: "\(origin) \(path), but no executable file is there; run scripts/install-codex (or fix WARDEN_CODEX_BIN)"
        )
    }

    /// A directory or file the harness needs could not be created, written or removed.
    public static func fileSystem(path: String, reason: String) -> Self {
        Self(code: .fileSystem, detail: "cannot prepare \(path): \(reason)")
    }

    /// An operation needed a running model server, but it was never started or has stopped.
    public static func serverNotRunning() -> Self {
        Self(code: .serverNotRunning, detail: "the scripted model server is not running; call start() first")
    }

    /// The model server did not come up.
    public static func serverFailedToStart(reason: String) -> Self {
        Self(code: .serverFailedToStart, detail: "the scripted model server failed to start: \(reason)")
    }

    /// The test PostgreSQL server could not be started, or a command against it failed.
    /// - Parameters:
    ///   - step: What the harness was doing ("initdb", "CREATE DATABASE warden_3").
    ///   - reason: What the tool printed, or why it could not run.
    public static func postgresFailed(step: String, reason: String) -> Self {
        Self(code: .postgresFailed, detail: "the test PostgreSQL failed at \(step): \(reason) (is Debian's postgresql-15 installed?)")
    }

    /// A wait for something the test expected did not finish in time.
    /// - Parameters:
    ///   - waitingFor: What the harness was waiting for, as a phrase ("3 requests").
    ///   - observed: What it saw instead ("1 request").
    ///   - timeout: How long it waited.
    public static func timedOut(waitingFor: String, observed: String, timeout: Duration) -> Self {
        Self(code: .timedOut, detail: "timed out after \(timeout) waiting for \(waitingFor); saw \(observed)")
    }

    /// A short, low-cardinality form for metric labels.
    public var metricLabel: String { code.rawValue }

    /// The failure as a sentence, with what to do about it.
    public var description: String { "test support: \(detail)" }
}
