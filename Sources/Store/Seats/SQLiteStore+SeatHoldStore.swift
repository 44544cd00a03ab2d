public import Foundation
import GRDB

extension SQLiteStore: SeatHoldStore {
    /// Holds a pool. See ``SeatHoldStore/holdSeats(pool:until:reason:streak:)``.
    public func holdSeats(pool: String, until: Date, reason: String, streak: Int) async throws {
        let message = String(reason.prefix(Self.maxErrorLength))
        try await write("hold a seat pool") { db in
            try db.cachedStatement(
                sql: """
                    INSERT INTO seat_holds (pool, held_until, reason, streak) VALUES (?, ?, ?, ?)
                    ON CONFLICT (pool) DO UPDATE SET held_until = excluded.held_until, reason = excluded.reason, streak = excluded.streak
                    """
            ).execute(arguments: [pool, until.timeIntervalSince1970, message, streak])
        }
    }

    /// The pool's last hold. See ``SeatHoldStore/seatHold(pool:)``.
    public func seatHold(pool: String) async throws -> SeatHold? {
        try await read("read a seat hold") { db in
            try Row.fetchOne(
                db.cachedStatement(sql: "SELECT held_until, reason, streak FROM seat_holds WHERE pool = ?"),
                arguments: [pool]
            ).map { row in
                SeatHold(pool: pool, until: Date(timeIntervalSince1970: row[0]), reason: row[1], streak: row[2])
            }
        }
    }

    /// Forgets the pool's hold. See ``SeatHoldStore/clearSeatHold(pool:)``.
    public func clearSeatHold(pool: String) async throws {
        try await write("clear a seat hold") { db in
            try db.cachedStatement(sql: "DELETE FROM seat_holds WHERE pool = ?").execute(arguments: [pool])
        }
    }
}
