public import Foundation

/// The holds of one seat pool, as the workers use them: whether the pool is held now, hold it after a usage limit, and
/// forget the streak once a run completed.
public struct SeatHolds: Sendable {
    /// Where holds are kept.
    public let store: any SeatHoldStore
    /// The pool held, normally ``LeasedSeats/codexPool``.
    public let pool: String

    /// Creates the holds of `pool` in `store`.
    public init(store: any SeatHoldStore, pool: String = LeasedSeats.codexPool) {
        self.store = store
        self.pool = pool
    }

    /// The hold that keeps runs from starting at `now`, or `nil` when runs may start.
    ///
    /// - Throws: ``StoreError``.
    public func active(at now: Date = Date()) async throws -> SeatHold? {
        guard let hold = try await store.seatHold(pool: pool), hold.isActive(at: now) else { return nil }
        return hold
    }

    /// Holds the pool after a usage limit, for as long as ``SeatHoldPolicy`` says.
    ///
    /// - Parameters:
    ///   - resetsAt: when the limit resets, if known.
    ///   - reason: why, for operators.
    ///   - now: the current time.
    /// - Returns: the hold now in force.
    /// - Throws: ``StoreError``.
    @discardableResult
    public func hold(resetsAt: Date?, reason: String, now: Date = Date()) async throws -> SeatHold {
        let previous = try await store.seatHold(pool: pool)
        let streak = (previous?.streak ?? 0)
        let until = SeatHoldPolicy.holdUntil(resetsAt: resetsAt, now: now, streak: streak)
        try await store.holdSeats(pool: pool, until: until, reason: reason, streak: streak + 1)
        return SeatHold(pool: pool, until: until, reason: reason, streak: streak + 1)
    }

    /// Forgets an ended hold and its streak after a run completed; does nothing (and writes nothing) without one, and
    /// keeps a hold still in force (another replica's run hit the limit meanwhile).
    ///
    /// - Throws: ``StoreError``.
    public func runCompleted(at now: Date = Date()) async throws {
        guard let hold = try await store.seatHold(pool: pool), !hold.isActive(at: now) else { return }
        try await store.clearSeatHold(pool: pool)
    }
}
