public import Foundation

/// One held seat: slot `seat` of the pool `pool`, held by `owner` until `expiresAt` unless renewed.
public struct SeatLease: Sendable, Hashable {
    /// The pool, e.g. `codex` for Codex runs or `thread:<id>` for the turns of one Codex thread.
    public let pool: String
    /// The slot within the pool, from 0.
    public let seat: Int
    /// Who holds it; unique per acquisition.
    public let owner: String
    /// When another holder may take it over, by the store's clock.
    public let expiresAt: Date

    /// Creates a lease value.
    public init(pool: String, seat: Int, owner: String, expiresAt: Date) {
        self.pool = pool
        self.seat = seat
        self.owner = owner
        self.expiresAt = expiresAt
    }
}
