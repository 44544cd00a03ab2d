public import Foundation

/// Why a Codex run did not produce a result.
///
/// Failures reported by codex are classified from the model provider's message
/// (``classify(message:exitStatus:stderrTail:now:timeZone:)``) so callers can react: pause on authentication,
/// hold the seat on a usage limit, give up on the context window. The message is kept for operators.
public struct CodexError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The kind of failure, whose raw value is the metric label.
    public enum Code: String, Sendable, Equatable {
        /// The provider refused the credentials.
        case authentication
        /// The seat hit a usage limit (plan window, API quota, or a rate limit codex gave up retrying); ``usageLimit``
        /// says which and until when.
        case usageLimit = "usage_limit"
        /// The conversation no longer fits the model's context window.
        case contextWindowExceeded = "context_window"
        /// The run exceeded its wall-clock limit.
        case timedOut = "timeout"
        /// The calling task was cancelled.
        case cancelled
        /// codex could not be started.
        case spawnFailed = "spawn_failed"
        /// The final message is not valid structured output.
        case invalidStructuredOutput = "invalid_output"
        /// A thread to resume is not a UUID.
        case invalidThreadID = "invalid_thread_id"
        /// codex resumed another thread than the one asked for.
        case threadMismatch = "thread_mismatch"
        /// The thread to resume has no session on this machine (its rollout file is not under `CODEX_HOME`).
        case threadNotFound = "thread_not_found"
        /// Any other failure.
        case other
    }

    /// What went wrong; callers decide on it, and ``metricLabel`` is its raw value.
    public let code: Code
    /// codex's (or the provider's) message, or Warden's reason when codex said nothing.
    public let message: String
    /// codex's exit status, when it exited (not when killed by a signal or never started).
    public let exitStatus: Int32?
    /// The last part of codex's standard error, for diagnosis; empty when not captured.
    public let stderrTail: String
    /// Which usage limit was hit and when it resets, for ``Code/usageLimit``; `nil` otherwise.
    public let usageLimit: UsageLimit?

    private init(_ code: Code, message: String, exitStatus: Int32? = nil, stderrTail: String = "", usageLimit: UsageLimit? = nil) {
        self.code = code
        self.message = message
        self.exitStatus = exitStatus
        self.stderrTail = stderrTail
        self.usageLimit = usageLimit
    }

    /// The provider refused the credentials (HTTP 401/403, missing key variable).
    public static func authentication(message: String, exitStatus: Int32? = nil, stderrTail: String = "") -> Self {
        Self(.authentication, message: message, exitStatus: exitStatus, stderrTail: stderrTail)
    }

    /// The seat hit a usage limit: every run on it fails the same way until `limit` resets.
    public static func usageLimit(_ limit: UsageLimit, message: String, exitStatus: Int32? = nil, stderrTail: String = "") -> Self {
        Self(.usageLimit, message: message, exitStatus: exitStatus, stderrTail: stderrTail, usageLimit: limit)
    }

    /// The conversation no longer fits the model's context window.
    public static func contextWindowExceeded(message: String, exitStatus: Int32? = nil, stderrTail: String = "") -> Self {
        Self(.contextWindowExceeded, message: message, exitStatus: exitStatus, stderrTail: stderrTail)
    }

    /// The run exceeded its wall-clock limit and was stopped.
    public static func timedOut(after limit: Duration, stderrTail: String = "") -> Self {
        Self(.timedOut, message: "no result within \(limit)", stderrTail: stderrTail)
    }

    /// The calling task was cancelled and the run was stopped.
    public static var cancelled: Self { Self(.cancelled, message: "the run was cancelled") }

    /// codex could not be started (missing binary, bad working directory, unwritable schema file).
    public static func spawnFailed(reason: String) -> Self {
        Self(.spawnFailed, message: reason)
    }

    /// The final message does not decode into, or does not validate as, the requested output.
    public static func invalidStructuredOutput(reason: String) -> Self {
        Self(.invalidStructuredOutput, message: reason)
    }

    /// A thread to resume that is not a UUID; nothing was spawned.
    public static func invalidThreadID(_ text: String) -> Self {
        Self(.invalidThreadID, message: "thread id \"\(text.prefix(80))\" is not a UUID")
    }

    /// codex reported another thread than the one asked to resume.
    public static func threadMismatch(requested: ThreadID, reported: String) -> Self {
        Self(.threadMismatch, message: "asked to resume \(requested) but codex started \(reported.prefix(80))")
    }

    /// The thread to resume has no session under this `CODEX_HOME`: it was written on another replica without a
    /// shared `CODEX_HOME`, or deleted.
    public static func threadNotFound(message: String, exitStatus: Int32? = nil, stderrTail: String = "") -> Self {
        Self(.threadNotFound, message: message, exitStatus: exitStatus, stderrTail: stderrTail)
    }

    /// What codex 0.163 writes to standard error when `codex exec resume` finds no session file for the thread.
    static let missingSessionMarker = "no rollout found for thread id"

    /// Any other failure: a failed turn, a crash, an exit without a completed turn.
    public static func other(message: String, exitStatus: Int32? = nil, stderrTail: String = "") -> Self {
        Self(.other, message: message, exitStatus: exitStatus, stderrTail: stderrTail)
    }

    /// Classifies the message of a failed turn (or the last `error` event when codex exited without
    /// `turn.failed`).
    ///
    /// - Parameters:
    ///   - message: codex's message, e.g. `unexpected status 401 Unauthorized: …`. Status codes are
    ///     matched with their wording, never as bare digits, which also occur in URLs and ports.
    ///   - exitStatus: codex's exit status, if it exited.
    ///   - stderrTail: the end of codex's standard error.
    ///   - now: the current time, to place a usage limit's wall-clock reset time (``UsageLimit/classify(message:now:timeZone:)``).
    ///   - timeZone: codex's time zone, in which it writes reset times.
    /// - Returns: the most specific error the message allows.
    public static func classify(message: String, exitStatus: Int32?, stderrTail: String, now: Date = Date(), timeZone: TimeZone = .current) -> Self {
        let text = message.lowercased()
        let code: Code
        if text.contains(missingSessionMarker) {
            code = .threadNotFound
        } else if text.contains("context window") || text.contains("context_length_exceeded") {
            code = .contextWindowExceeded
        } else if let limit = UsageLimit.classify(message: message, now: now, timeZone: timeZone) {
            return .usageLimit(limit, message: message, exitStatus: exitStatus, stderrTail: stderrTail)
        } else if [
            "status 401", "status: 401", "unauthorized", "status 403", "status: 403", "forbidden", "incorrect api key",
            "invalid api key", "missing environment variable",
        ].contains(where: text.contains) {
            code = .authentication
        } else {
            code = .other
        }
        return Self(code, message: message, exitStatus: exitStatus, stderrTail: stderrTail)
    }

    /// Whether running the same request again later may succeed.
    public var isRetryable: Bool {
        switch code {
        case .usageLimit, .timedOut, .invalidStructuredOutput, .other: true
        case .authentication, .contextWindowExceeded, .cancelled, .spawnFailed, .invalidThreadID,
            .threadMismatch, .threadNotFound:
            false
        }
    }

    /// Whether classification found something more specific than ``other(message:exitStatus:stderrTail:)``.
    var isSpecific: Bool { code != .other }

    /// Whether the failure needs a person to fix credentials (the review queue pauses on it).
    public var isAuthentication: Bool { code == .authentication }

    /// A short, low-cardinality form for metric labels.
    public var metricLabel: String { code.rawValue }

    public var description: String {
        let summary: String
        switch code {
        case .authentication: summary = "the model provider refused the credentials"
        case .usageLimit: summary = usageLimit?.summary ?? "the Codex seat hit a usage limit"
        case .contextWindowExceeded: summary = "the conversation exceeds the model's context window"
        case .timedOut: summary = "the Codex run timed out"
        case .cancelled: summary = "the Codex run was cancelled"
        case .spawnFailed: summary = "codex could not be started"
        case .invalidStructuredOutput: summary = "the final message is not valid structured output"
        case .invalidThreadID: summary = "the thread to resume is invalid"
        case .threadMismatch: summary = "codex resumed the wrong thread"
        case .threadNotFound: summary = "the Codex session to resume is not under this CODEX_HOME"
        case .other: summary = "the Codex run failed"
        }
        var text = "\(summary): \(message)"
        if let exitStatus { text += " (exit status \(exitStatus))" }
        return text
    }
}
