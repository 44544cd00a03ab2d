public import WardenCore

/// Runs every Codex turn on a seat of a ``SeatGate``, so `codex.seats` bounds the runs of every worker (and, with
/// seat leases in a shared store, of every replica) that uses it.
public struct SeatedCodex: CodexExecuting {
    /// The runner that does the turn once a seat is held.
    public let codex: any CodexExecuting
    /// Where the seat comes from.
    public let seats: any SeatGate

    /// Wraps `codex` so each turn waits for a seat of `seats`.
    public init(_ codex: any CodexExecuting, seats: any SeatGate) {
        self.codex = codex
        self.seats = seats
    }

    /// Runs one turn while holding a seat. See ``CodexExecuting/run(_:onEvent:)``.
    ///
    /// - Throws: ``CodexError``; ``CodexError/cancelled`` when cancelled while waiting for a seat (or when the seat
    ///   was lost), and a retryable ``CodexError/other(message:exitStatus:stderrTail:)`` when no seat could be taken.
    public func run(_ request: ExecRequest, onEvent: @escaping @Sendable (ExecEvent) async -> Void) async throws(CodexError) -> ExecResult {
        let codex = self.codex
        do {
            return try await seats.withSeat { () async throws -> ExecResult in
                try await codex.run(request, onEvent: onEvent)
            }
        } catch let error as CodexError {
            throw error
        } catch is CancellationError {
            throw .cancelled
        } catch {
            throw .other(message: "no Codex seat could be taken: \(error)")
        }
    }
}
