public import Foundation

/// Durable holds on seat pools, shared by every process on one store: a usage limit seen by one replica stops every
/// replica from starting runs on the same seat until it resets.
public protocol SeatHoldStore: Sendable {
    /// Holds `pool` until `until`, replacing any earlier hold of it.
    ///
    /// - Parameters:
    ///   - pool: The pool's name.
    ///   - until: When runs may start again.
    ///   - reason: Why, for operators; long text is cut.
    ///   - streak: How many holds in a row this one makes (``SeatHold/streak``).
    /// - Throws: ``StoreError``.
    func holdSeats(pool: String, until: Date, reason: String, streak: Int) async throws

    /// The last hold of `pool`, also when it has ended (its streak still counts), or `nil` when none is recorded.
    ///
    /// - Throws: ``StoreError``.
    func seatHold(pool: String) async throws -> SeatHold?

    /// Forgets the hold of `pool` and its streak, once a run on the pool completed.
    ///
    /// - Throws: ``StoreError``.
    func clearSeatHold(pool: String) async throws
}
