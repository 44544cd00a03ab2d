import Foundation

/// What one `codex exec --json` run reported, and the verdict on it.
///
/// Pure: the runner feeds it events and the process's end, tests feed it lines. A run succeeds only
/// when `turn.completed` arrived **and** codex exited with status 0; `error` events and items are
/// kept as warnings and never fail a run by themselves.
struct ExecTranscript: Sendable, Equatable {
    /// How the codex process ended.
    enum Termination: Sendable, Equatable {
        /// It exited with this status.
        case exited(Int32)
        /// A signal killed it.
        case signaled(Int32)
    }

    /// Why the runner stopped the process before it ended by itself.
    enum Interruption: Sendable, Equatable {
        /// The wall-clock limit was reached.
        case timedOut(Duration)
        /// The calling task was cancelled.
        case cancelled
        /// codex started another thread than the one to resume.
        case threadMismatch(requested: ThreadID, reported: String)
    }

    private(set) var threadID: String?
    private(set) var items: [ExecItem] = []
    private(set) var usage: TokenUsage?
    private(set) var failure: String?
    private(set) var warnings: [String] = []

    /// Adds one event.
    mutating func record(_ event: ExecEvent) {
        switch event {
        case .threadStarted(let id): threadID = id
        case .itemCompleted(let item):
            items.append(item)
            if case .error(let message) = item.kind { warnings.append(message) }
        case .turnCompleted(let usage): self.usage = usage
        case .turnFailed(let message): failure = message
        case .error(let message): warnings.append(message)
        case .turnStarted, .itemStarted, .itemUpdated, .unknown: break
        }
    }

    /// The text of the last completed `agent_message`.
    var finalMessage: String? {
        items.last { if case .agentMessage = $0.kind { true } else { false } }.flatMap {
            if case .agentMessage(let text) = $0.kind { text } else { nil }
        }
    }

    /// The verdict once the process has ended.
    ///
    /// - Parameters:
    ///   - termination: how codex ended.
    ///   - interruption: why Warden stopped it, if it did.
    ///   - previousTotal: the thread's cumulative usage before this turn.
    ///   - stderrTail: the end of codex's standard error.
    ///   - secrets: values to blank out of every message (the provider key: some providers echo it).
    /// - Returns: the result, or the classified error.
    func outcome(
        termination: Termination,
        interruption: Interruption?,
        previousTotal: TokenUsage?,
        stderrTail: String,
        secrets: [String],
        now: Date = Date(),
        timeZone: TimeZone = .current
    ) -> Result<ExecResult, CodexError> {
        func clean(_ text: String) -> String {
            secrets.filter { !$0.isEmpty }.reduce(text) { $0.replacing($1, with: "<redacted>") }
        }
        let stderrTail = clean(stderrTail)
        let exitStatus: Int32? = if case .exited(let status) = termination { status } else { nil }
        if let usage, exitStatus == 0, interruption != .cancelled {
            guard let threadID, let id = ThreadID(threadID) else {
                return .failure(.other(message: "codex completed the turn without a valid thread id", exitStatus: 0, stderrTail: stderrTail))
            }
            return .success(
                ExecResult(
                    threadID: id,
                    finalMessage: finalMessage,
                    items: items,
                    totalUsage: usage,
                    turnUsage: usage.subtracting(previousTotal ?? .zero),
                    warnings: warnings.map(clean),
                    stderrTail: stderrTail
                )
            )
        }
        switch interruption {
        case .timedOut(let limit): return .failure(.timedOut(after: limit, stderrTail: stderrTail))
        case .cancelled: return .failure(.cancelled)
        case .threadMismatch(let requested, let reported): return .failure(.threadMismatch(requested: requested, reported: reported))
        case nil: break
        }
        if let failure {
            return .failure(.classify(message: clean(failure), exitStatus: exitStatus, stderrTail: stderrTail, now: now, timeZone: timeZone))
        }
        let reason: String
        switch termination {
        case .exited(0): reason = "codex exited without completing the turn"
        case .exited(let status): reason = "codex exited with status \(status)"
        case .signaled(let signal): reason = "codex was killed by signal \(signal)"
        }
        // codex sends the fatal message as an `error` event even when `turn.failed` is missing.
        let message = warnings.last.map { "\(reason): \(clean($0))" } ?? reason
        if let last = warnings.last {
            let classified = CodexError.classify(message: clean(last), exitStatus: exitStatus, stderrTail: stderrTail, now: now, timeZone: timeZone)
            if classified.isSpecific { return .failure(classified) }
        }
        // `codex exec resume` of a thread without a session file says so only on standard error, before any event.
        if stderrTail.lowercased().contains(CodexError.missingSessionMarker) {
            return .failure(.threadNotFound(message: message, exitStatus: exitStatus, stderrTail: stderrTail))
        }
        return .failure(.other(message: message, exitStatus: exitStatus, stderrTail: stderrTail))
    }
}
