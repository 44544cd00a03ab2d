import Codex
import WardenCore

/// One Codex run on a seat, stopped when its usage passes the token cap.
///
/// codex reports usage in `turn.completed`; when that figure passes the cap the run is cancelled,
/// which stops codex's whole process group, and the fix is discarded. A run whose result arrives
/// before the cancellation takes effect is judged by the same figure.
struct CappedCodexRun: Sendable {
    /// How a capped run ended.
    enum Outcome: Sendable {
        /// The turn completed within the cap.
        case completed(ExecResult)
        /// Usage passed the cap; the run was stopped.
        case tokenCapExceeded(used: Int)
        /// codex failed (including its wall-clock cap, ``CodexError/timedOut(after:stderrTail:)``).
        case failed(CodexError)
    }

    let codex: any CodexExecuting
    let seats: any SeatGate
    let tokenCap: Int

    /// Runs `request`, writing every event to `log`.
    func run(_ request: ExecRequest, log: SessionLog) async -> (outcome: Outcome, usage: TokenUsage?) {
        let (overruns, overrun) = AsyncStream<TokenUsage>.makeStream()
        let cap = tokenCap
        let codex = self.codex
        let seats = self.seats
        var outcome: Outcome?
        var usage: TokenUsage?
        await withTaskGroup(of: (Outcome, TokenUsage?)?.self) { tasks in
            tasks.addTask {
                defer { overrun.finish() }
                do {
                    let result = try await seats.withSeat { () async throws -> ExecResult in
                        try await codex.run(request) { event in
                            await log.write(event)
                            if case .turnCompleted(let total) = event, total.totalTokens > cap { overrun.yield(total) }
                        }
                    }
                    if result.turnUsage.totalTokens > cap { return (.tokenCapExceeded(used: result.turnUsage.totalTokens), result.turnUsage) }
                    return (.completed(result), result.turnUsage)
                } catch let error as CodexError {
                    return (.failed(error), nil)
                } catch {
                    return (.failed(.cancelled), nil)
                }
            }
            tasks.addTask {
                for await total in overruns { return (.tokenCapExceeded(used: total.totalTokens), total) }
                return nil
            }
            while let part = await tasks.next() {
                guard let (finished, used) = part else { continue }
                if case .tokenCapExceeded = finished {
                    outcome = finished
                    usage = used
                    tasks.cancelAll()
                } else if outcome == nil {
                    outcome = finished
                    usage = used
                }
            }
        }
        return (outcome ?? .failed(.cancelled), usage)
    }
}
