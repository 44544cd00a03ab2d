import Foundation
import PostgresNIO
import WardenCore

extension PostgresStore: SeatLeaseStore {
    /// Takes a free seat. See ``SeatLeaseStore/acquireSeat(pool:seats:owner:leaseFor:)``.
    ///
    /// A transaction advisory lock on the pool serialises acquisitions across replicas (released at commit), so two
    /// replicas never both see a seat free. The lease itself is a row with an expiry rather than a session advisory
    /// lock: a session lock would pin one pooled connection for the whole Codex run, would stay held by a replica
    /// that hangs with its connection open, and could not be taken over after a fixed time.
    public func acquireSeat(pool: String, seats: Int, owner: String, leaseFor: Duration) async throws -> SeatLease? {
        guard seats >= 1 else { throw StoreError.invalidArgument("seats", problem: "is \(seats); a pool has at least one seat") }
        let logger = self.logger
        let configuration = self.configuration
        return try await transaction("take a seat") { connection in
            let key = "seats:\(pool)"
            try await connection.query("SELECT pg_advisory_xact_lock(hashtextextended(\(key), 0))", logger: logger)
            let now = configuration.now()
            let clock = now.timeIntervalSince1970
            let rows = try await connection.query(
                "SELECT seat FROM seat_leases WHERE pool = \(pool) AND expires_at > \(clock)",
                logger: logger
            ).collect()
            let held = Set(try rows.map { try $0.decode(Int.self) })
            guard let seat = SeatChoice.free(seats: seats, held: held) else { return nil }
            let lease = SeatLease(pool: pool, seat: seat, owner: owner, expiresAt: now.addingTimeInterval(leaseFor.timeInterval))
            let expiresAt = lease.expiresAt.timeIntervalSince1970
            try await connection.query(
                """
                INSERT INTO seat_leases (pool, seat, owner, expires_at) VALUES (\(pool), \(seat), \(owner), \(expiresAt))
                ON CONFLICT (pool, seat) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at
                """,
                logger: logger
            )
            return lease
        }
    }

    /// Extends a held lease. See ``SeatLeaseStore/renewSeat(_:leaseFor:)``.
    public func renewSeat(_ lease: SeatLease, leaseFor: Duration) async throws -> SeatLease {
        let expiresAt = configuration.now().addingTimeInterval(leaseFor.timeInterval)
        let clock = expiresAt.timeIntervalSince1970
        let rows = try await fetch(
            "renew a seat",
            """
            UPDATE seat_leases SET expires_at = \(clock)
            WHERE pool = \(lease.pool) AND seat = \(lease.seat) AND owner = \(lease.owner) RETURNING seat
            """
        )
        guard !rows.isEmpty else { throw StoreError.seatLost(lease) }
        return SeatLease(pool: lease.pool, seat: lease.seat, owner: lease.owner, expiresAt: expiresAt)
    }

    /// Gives a seat back. See ``SeatLeaseStore/releaseSeat(_:)``.
    public func releaseSeat(_ lease: SeatLease) async throws {
        _ = try await fetch(
            "release a seat",
            "DELETE FROM seat_leases WHERE pool = \(lease.pool) AND seat = \(lease.seat) AND owner = \(lease.owner)"
        )
    }
}
