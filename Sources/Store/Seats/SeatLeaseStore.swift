/// Seat leases shared by every process on one store: at most `seats` holders of a pool at a time, each with an
/// expiry, so a holder that crashed gives its seat back once its lease runs out.
///
/// This is what makes `codex.seats` a limit for the whole deployment: three replicas with one seat run one Codex
/// process at a time. A pool of one seat is a lock (the turns of one Codex thread). A pool may also be held
/// (``SeatHoldStore``): after a usage limit, no seat of it is given out until the hold ends.
public protocol SeatLeaseStore: SeatHoldStore {
    /// Takes a free seat of `pool` for `owner` until now + `leaseFor`; a seat whose lease expired counts as free and
    /// is taken over.
    ///
    /// - Parameters:
    ///   - pool: The pool's name.
    ///   - seats: How many seats the pool has (at least 1).
    ///   - owner: Who takes it; unique per acquisition, so a late release of an expired holder frees nothing.
    ///   - leaseFor: How long the lease lasts unless renewed.
    /// - Returns: The lease, or `nil` when every seat is held by an unexpired lease.
    /// - Throws: ``StoreError``; `invalid_argument` for fewer than one seat.
    func acquireSeat(pool: String, seats: Int, owner: String, leaseFor: Duration) async throws -> SeatLease?

    /// Extends a held lease to now + `leaseFor`.
    ///
    /// - Returns: The renewed lease.
    /// - Throws: ``StoreError`` `lease_lost` when another owner took the seat over (or it was released).
    func renewSeat(_ lease: SeatLease, leaseFor: Duration) async throws -> SeatLease

    /// Gives a seat back; does nothing when the seat is no longer the lease's owner's.
    func releaseSeat(_ lease: SeatLease) async throws
}
