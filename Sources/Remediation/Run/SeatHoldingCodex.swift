public import Codex
public import Logging
public import Store

/// Runs Codex turns and, when one hits a usage limit of the seat, holds the seat in the store, so `warden serve`'s
/// workers (and the next remediation run) wait for the reset instead of failing the same way.
///
/// The failed turn still fails: remediation reports the finding as failed with the reason, and its later runs wait for
/// the hold before they get a seat (``LeasedSeats``).
public struct SeatHoldingCodex: CodexExecuting {
    /// The runner that does the turn.
    public let codex: any CodexExecuting
    /// Where the hold goes.
    public let holds: SeatHolds
    let logger: Logger

    /// Wraps `codex` so a usage limit holds the seat in `holds`.
    public init(_ codex: any CodexExecuting, holds: SeatHolds, logger: Logger = Logger(label: "warden.remediate")) {
        self.codex = codex
        self.holds = holds
        self.logger = logger
    }

    /// Runs one turn. See ``CodexExecuting/run(_:onEvent:)``.
    public func run(_ request: ExecRequest, onEvent: @escaping @Sendable (ExecEvent) async -> Void) async throws(CodexError) -> ExecResult {
        do {
            return try await codex.run(request, onEvent: onEvent)
        } catch {
            if error.code == .usageLimit, let limit = error.usageLimit {
                do {
                    let hold = try await holds.hold(resetsAt: limit.resetsAt, reason: limit.summary)
                    logger.warning("the Codex seat hit a usage limit; holding it", metadata: ["until": "\(hold.until)", "reason": "\(limit.summary)"])
                } catch {
                    logger.error("the seat hold could not be stored", metadata: ["error": "\(error)"])
                }
            }
            throw error
        }
    }
}
