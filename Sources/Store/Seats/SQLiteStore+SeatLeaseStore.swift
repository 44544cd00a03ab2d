import Foundation
import GRDB
import WardenCore

extension SQLiteStore: SeatLeaseStore {
    /// Takes a free seat. See ``SeatLeaseStore/acquireSeat(pool:seats:owner:leaseFor:)``; the immediate write
    /// transaction serialises acquisitions of every process on the file.
    public func acquireSeat(pool: String, seats: Int, owner: String, leaseFor: Duration) async throws -> SeatLease? {
        guard seats >= 1 else { throw StoreError.invalidArgument("seats", problem: "is \(seats); a pool has at least one seat") }
        let configuration = self.configuration
        return try await write("take a seat") { db in
            let now = configuration.now()
            let held = try Int.fetchSet(
                db.cachedStatement(sql: "SELECT seat FROM seat_leases WHERE pool = ? AND expires_at > ?"),
                arguments: [pool, now.timeIntervalSince1970]
            )
            guard let seat = SeatChoice.free(seats: seats, held: held) else { return nil }
            let lease = SeatLease(pool: pool, seat: seat, owner: owner, expiresAt: now.addingTimeInterval(leaseFor.timeInterval))
            try db.cachedStatement(
                sql: """
                    INSERT INTO seat_leases (pool, seat, owner, expires_at) VALUES (?, ?, ?, ?)
                    ON CONFLICT (pool, seat) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at
                    """
            ).execute(arguments: [pool, seat, owner, lease.expiresAt.timeIntervalSince1970])
            return lease
        }
    }

    /// Extends a held lease. See ``SeatLeaseStore/renewSeat(_:leaseFor:)``.
    public func renewSeat(_ lease: SeatLease, leaseFor: Duration) async throws -> SeatLease {
        let configuration = self.configuration
        return try await write("renew a seat") { db in
            let expiresAt = configuration.now().addingTimeInterval(leaseFor.timeInterval)
            try db.cachedStatement(sql: "UPDATE seat_leases SET expires_at = ? WHERE pool = ? AND seat = ? AND owner = ?")
                .execute(arguments: [expiresAt.timeIntervalSince1970, lease.pool, lease.seat, lease.owner])
            guard db.changesCount == 1 else { throw StoreError.seatLost(lease) }
            return SeatLease(pool: lease.pool, seat: lease.seat, owner: lease.owner, expiresAt: expiresAt)
        }
    }

    /// Gives a seat back. See ``SeatLeaseStore/releaseSeat(_:)``.
    public func releaseSeat(_ lease: SeatLease) async throws {
        try await write("release a seat") { db in
            try db.cachedStatement(sql: "DELETE FROM seat_leases WHERE pool = ? AND seat = ? AND owner = ?")
                .execute(arguments: [lease.pool, lease.seat, lease.owner])
        }
    }
}
