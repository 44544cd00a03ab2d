/// Lets at most a fixed number of Codex runs happen at once, e.g. across every replica that shares a store (`LeasedSeats`:
/// seat leases in the database).
public protocol SeatGate: Sendable {
    /// Runs `body` while holding a seat, waiting for one first.
    ///
    /// - Parameter body: the work, e.g. one Codex run.
    /// - Returns: what `body` returns.
    /// - Throws: `CancellationError` when cancelled while waiting; whatever `body` throws; the gate's own failure
    ///   (e.g. the store could not be reached, or the seat was lost while `body` ran, which cancels `body`).
    func withSeat<Value: Sendable>(_ body: @escaping @Sendable () async throws -> Value) async throws -> Value
}
