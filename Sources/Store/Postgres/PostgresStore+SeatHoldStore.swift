public import Foundation
import PostgresNIO

extension PostgresStore: SeatHoldStore {
    /// Holds a pool. See ``SeatHoldStore/holdSeats(pool:until:reason:streak:)``.
    public func holdSeats(pool: String, until: Date, reason: String, streak: Int) async throws {
        let logger = self.logger
        let message = String(reason.prefix(SQLiteStore.maxErrorLength))
        let heldUntil = until.timeIntervalSince1970
        try await withConnection("hold a seat pool") { connection in
            _ = try await connection.query(
                """
                INSERT INTO seat_holds (pool, held_until, reason, streak) VALUES (\(pool), \(heldUntil), \(message), \(streak))
                ON CONFLICT (pool) DO UPDATE SET held_until = excluded.held_until, reason = excluded.reason, streak = excluded.streak
                """,
                logger: logger
            )
        }
    }

    /// The pool's last hold. See ``SeatHoldStore/seatHold(pool:)``.
    public func seatHold(pool: String) async throws -> SeatHold? {
        let logger = self.logger
        return try await withConnection("read a seat hold") { connection in
            let rows = try await connection.query(
                "SELECT held_until, reason, streak FROM seat_holds WHERE pool = \(pool)",
                logger: logger
            ).collect()
            guard let row = rows.first else { return nil }
            let (until, reason, streak) = try row.decode((Double, String, Int).self)
            return SeatHold(pool: pool, until: Date(timeIntervalSince1970: until), reason: reason, streak: streak)
        }
    }

    /// Forgets the pool's hold. See ``SeatHoldStore/clearSeatHold(pool:)``.
    public func clearSeatHold(pool: String) async throws {
        let logger = self.logger
        try await withConnection("clear a seat hold") { connection in
            _ = try await connection.query("DELETE FROM seat_holds WHERE pool = \(pool)", logger: logger)
        }
    }
}
