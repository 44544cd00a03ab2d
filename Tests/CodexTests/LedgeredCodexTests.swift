import Codex
import Foundation
import Synchronization
import Testing
import WardenCore

/// Every turn run through ``LedgeredCodex`` is recorded once, with its system, subject, model, own usage and outcome.
@Suite("Ledgered Codex")
struct LedgeredCodexTests {
    /// A runner that reports `usage` in `turn.completed`, then completes or fails.
    private struct ScriptedRunner: CodexExecuting {
        let total: TokenUsage
        let failure: CodexError?

        func run(_ request: ExecRequest, onEvent: @escaping @Sendable (ExecEvent) async -> Void) async throws(CodexError) -> ExecResult {
            await onEvent(.turnCompleted(usage: total))
            if let failure { throw failure }
            let thread = ThreadID("0199a213-81c0-7800-8aa1-bbab2a035a53")!
            return ExecResult(
                threadID: thread, finalMessage: "done", items: [], totalUsage: total, turnUsage: total.subtracting(request.previousTotal ?? .zero)
            )
        }
    }

    /// A ledger that keeps what it is given.
    private final class RecordingLedger: CodexRunLedger {
        let runs = Mutex<[CodexRun]>([])
        func record(_ run: CodexRun) async throws { runs.withLock { $0.append(run) } }
        func threadTokens(_ threadID: String) async throws -> RunTokens {
            runs.withLock { $0.filter { $0.threadID == threadID }.reduce(RunTokens.zero) { $0 + $1.tokens } }
        }
    }

    private static let finished = Date(timeIntervalSince1970: 1_800_000_000)
    private static let total = TokenUsage(inputTokens: 300, cachedInputTokens: 40, outputTokens: 30, reasoningOutputTokens: 9)

    @Test("a completed turn is recorded with the turn's own usage, its subject and the runner's system and model")
    func completed() async throws {
        let ledger = RecordingLedger()
        let codex = LedgeredCodex(
            ScriptedRunner(total: Self.total, failure: nil), system: .followup, model: "gpt-5.5", ledger: ledger, now: { Self.finished }
        )
        let previous = TokenUsage(inputTokens: 100, cachedInputTokens: 10, outputTokens: 10, reasoningOutputTokens: 4)
        _ = try await codex.run(
            ExecRequest(prompt: "p", workingDirectory: "/w", previousTotal: previous, subject: .mergeRequest(7, iid: 3))
        )
        let runs = ledger.runs.withLock { $0 }
        try #require(runs.count == 1)
        #expect(runs[0].system == .followup)
        #expect(runs[0].projectID == 7)
        #expect(runs[0].reference == "!3")
        #expect(runs[0].model == "gpt-5.5")
        #expect(runs[0].tokens == RunTokens(input: 200, cachedInput: 30, output: 20, reasoning: 5))
        #expect(runs[0].outcome == "completed")
        #expect(runs[0].threadID == "0199a213-81c0-7800-8aa1-bbab2a035a53")
        #expect(runs[0].finishedAt == Self.finished)
        #expect(runs[0].durationSeconds >= 0)
    }

    @Test("a resumed turn without a previous total counts only what it added to the thread's total in the ledger")
    func resumedTurn() async throws {
        let ledger = RecordingLedger()
        let thread = "0199a213-81c0-7800-8aa1-bbab2a035a53"
        try await ledger.record(
            CodexRun(
                system: .review, threadID: thread, model: "gpt-5.5", tokens: RunTokens(input: 120, cachedInput: 30, output: 12, reasoning: 2),
                durationSeconds: 1, outcome: "completed", finishedAt: Self.finished
            )
        )
        let codex = LedgeredCodex(ScriptedRunner(total: Self.total, failure: nil), system: .followup, model: "gpt-5.5", ledger: ledger)
        _ = try await codex.run(ExecRequest(prompt: "p", workingDirectory: "/w", resumeThread: thread))
        let runs = ledger.runs.withLock { $0 }
        try #require(runs.count == 2)
        #expect(runs[1].tokens == RunTokens(input: 180, cachedInput: 10, output: 18, reasoning: 7))
    }

    @Test("a failed turn is recorded with its failure's label and the usage its turn.completed reported")
    func failed() async throws {
        let ledger = RecordingLedger()
        let codex = LedgeredCodex(
            ScriptedRunner(total: Self.total, failure: .timedOut(after: .seconds(5))), system: .remediation, model: "gpt-5.5", ledger: ledger
        )
        await #expect(throws: CodexError.self) {
            try await codex.run(ExecRequest(prompt: "p", workingDirectory: "/w", subject: CodexRunSubject(projectID: 12, reference: "SEC-1")))
        }
        let runs = ledger.runs.withLock { $0 }
        try #require(runs.count == 1)
        #expect(runs[0].outcome == "timeout")
        #expect(runs[0].reference == "SEC-1")
        #expect(runs[0].tokens == RunTokens(Self.total))
    }

    @Test("a ledger that cannot record does not fail the run")
    func ledgerFailure() async throws {
        struct BrokenLedger: CodexRunLedger {
            func record(_ run: CodexRun) async throws { throw CancellationError() }
            func threadTokens(_ threadID: String) async throws -> RunTokens { throw CancellationError() }
        }
        let codex = LedgeredCodex(ScriptedRunner(total: Self.total, failure: nil), system: .review, model: "m", ledger: BrokenLedger())
        let result = try await codex.run(ExecRequest(prompt: "p", workingDirectory: "/w"))
        #expect(result.finalMessage == "done")
    }
}
