public import Foundation
public import Logging
public import WardenCore
import Synchronization

/// Records every Codex turn it runs in the run ledger, for one system: the one place per system where a run ends,
/// so no caller can forget to record it.
///
/// A resumed turn's usage is taken relative to the thread's running total in the ledger, when the caller gives none
/// (``ExecRequest/previousTotal``). A completed turn is recorded with its own usage (``ExecResult/turnUsage``); a
/// failed one with the failure's short label and the usage of its `turn.completed` if one arrived (a run stopped by a
/// token cap), else no tokens. A ledger that cannot record is logged, never fails the run.
public struct LedgeredCodex: CodexExecuting {
    /// The runner that does the turn.
    public let codex: any CodexExecuting
    /// The system every run of this runner works for.
    public let system: CodexSystem
    /// The model the runner is pinned to (`codex.model`).
    public let model: String
    /// Where runs are recorded.
    public let ledger: any CodexRunLedger
    private let now: @Sendable () -> Date
    private let logger: Logger

    /// Wraps `codex` so each turn is recorded in `ledger` as a run of `system`.
    ///
    /// - Parameters:
    ///   - codex: the runner.
    ///   - system: the system its runs work for.
    ///   - model: the model it runs.
    ///   - ledger: where runs are recorded.
    ///   - now: the clock that stamps a run's end.
    ///   - logger: where a failure to record is logged.
    public init(
        _ codex: any CodexExecuting,
        system: CodexSystem,
        model: String,
        ledger: any CodexRunLedger,
        now: @escaping @Sendable () -> Date = { Date() },
        logger: Logger = Logger(label: "warden.codex")
    ) {
        self.codex = codex
        self.system = system
        self.model = model
        self.ledger = ledger
        self.now = now
        self.logger = logger
    }

    /// Runs one turn and records it. See ``CodexExecuting/run(_:onEvent:)``.
    public func run(_ request: ExecRequest, onEvent: @escaping @Sendable (ExecEvent) async -> Void) async throws(CodexError) -> ExecResult {
        var request = request
        if let thread = request.resumeThread, request.previousTotal == nil {
            request.previousTotal = await previousTotal(of: thread)
        }
        let started = ContinuousClock.now
        // A run stopped after `turn.completed` (a token cap, a cancellation) still spent what that event reported.
        let reported = ReportedUsage()
        do {
            let result = try await codex.run(request) { event in
                if case .turnCompleted(let total) = event { reported.usage.withLock { $0 = total } }
                await onEvent(event)
            }
            await record(request, thread: result.threadID.rawValue, tokens: RunTokens(result.turnUsage), outcome: CodexRun.completed, since: started)
            return result
        } catch {
            let spent = reported.usage.withLock { $0 }.map { RunTokens($0.subtracting(request.previousTotal ?? .zero)) } ?? .zero
            await record(request, thread: request.resumeThread, tokens: spent, outcome: error.metricLabel, since: started)
            throw error
        }
    }

    /// The thread's running total before this turn, from the ledger: codex reports a resumed turn's usage cumulatively
    /// (every earlier turn included), and a caller that does not know the total would otherwise record them again.
    /// `nil` when the ledger cannot be read (the turn then counts the whole thread).
    private func previousTotal(of thread: String) async -> TokenUsage? {
        do {
            let tokens = try await ledger.threadTokens(thread)
            return TokenUsage(
                inputTokens: Int(tokens.input),
                cachedInputTokens: Int(tokens.cachedInput),
                outputTokens: Int(tokens.output),
                reasoningOutputTokens: Int(tokens.reasoning)
            )
        } catch {
            logger.warning("the thread's earlier usage could not be read", metadata: ["thread": "\(thread)", "error": "\(error)"])
            return nil
        }
    }

    private func record(
        _ request: ExecRequest,
        thread: String?,
        tokens: RunTokens,
        outcome: String,
        since started: ContinuousClock.Instant
    ) async {
        let elapsed = ContinuousClock.now - started
        let run = CodexRun(
            system: system,
            projectID: request.subject?.projectID,
            reference: request.subject?.reference,
            threadID: thread,
            model: model,
            tokens: tokens,
            durationSeconds: elapsed.inSeconds,
            outcome: outcome,
            finishedAt: now()
        )
        do {
            try await ledger.record(run)
        } catch {
            logger.warning("the Codex run could not be recorded", metadata: ["system": "\(system.rawValue)", "error": "\(error)"])
        }
    }
}

/// The last usage a run's events reported, shared with its event handler.
private final class ReportedUsage: Sendable {
    let usage = Mutex<TokenUsage?>(nil)
}

extension RunTokens {
    /// The ledger's counts of codex's usage figures.
    public init(_ usage: TokenUsage) {
        self.init(
            input: Int64(usage.inputTokens),
            cachedInput: Int64(usage.cachedInputTokens),
            output: Int64(usage.outputTokens),
            reasoning: Int64(usage.reasoningOutputTokens)
        )
    }
}
