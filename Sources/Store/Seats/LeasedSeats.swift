import Foundation
public import Logging
public import WardenCore

/// Seats held as leases in the store, so a limit holds across every process sharing it: ``withSeat(_:)`` waits for a
/// free seat of the Codex pool (polling), renews the lease while the work runs, and releases it afterwards. A holder
/// that crashed frees its seat when its lease expires.
///
/// While the pool is held (``SeatHoldStore``, after a usage limit seen by any process), no seat is given out: a waiter
/// sleeps until the hold ends, so remediation runs wait for the reset as review jobs do.
///
/// When a renewal finds the seat taken over (the process stalled for longer than the lease), the work is cancelled:
/// going on would run more than `seats` at once.
public struct LeasedSeats: SeatGate {
    /// The pool every Codex run (review, follow-up, remediation) takes a seat of.
    public static let codexPool = "codex"

    /// Where the leases are.
    public let store: any SeatLeaseStore
    /// How many seats the Codex pool has (`codex.seats`).
    public let seats: Int
    /// How long a lease lasts unless renewed (`codex.seat_lease`); renewed every third of it.
    public let lease: Duration
    /// Names this process in lease owners (host and pid), for operators reading the table.
    public let holder: String
    let logger: Logger

    /// Creates seats on a store.
    ///
    /// - Parameters:
    ///   - store: Where the leases are.
    ///   - seats: The Codex pool's size; at least 1.
    ///   - lease: The lease duration.
    ///   - holder: This process's name in lease owners.
    ///   - logger: Where renewal trouble is logged.
    public init(store: any SeatLeaseStore, seats: Int, lease: Duration, holder: String, logger: Logger = Logger(label: "warden.seats")) {
        self.store = store
        self.seats = max(1, seats)
        self.lease = lease
        self.holder = holder
        self.logger = logger
    }

    /// Runs `body` while holding a Codex seat. See ``SeatGate/withSeat(_:)``.
    public func withSeat<Value: Sendable>(_ body: @escaping @Sendable () async throws -> Value) async throws -> Value {
        try await withLease(pool: Self.codexPool, seats: seats, body)
    }

    /// Runs `body` while holding one of `seats` seats of `pool`, waiting for one first.
    ///
    /// - Throws: `CancellationError` when cancelled while waiting; ``StoreError`` when the store fails or the seat is
    ///   lost while `body` runs (then `body` is cancelled); whatever `body` throws.
    public func withLease<Value: Sendable>(pool: String, seats: Int, _ body: @escaping @Sendable () async throws -> Value) async throws -> Value {
        let owner = "\(holder)-\(UUID().uuidString.prefix(8).lowercased())"
        let timing = SeatLeaseTiming(lease: lease)
        var taken: SeatLease?
        while taken == nil {
            if let hold = try await store.seatHold(pool: pool), hold.isActive(at: Date()) {
                logger.notice(
                    "waiting for the seat hold to end",
                    metadata: ["pool": "\(pool)", "until": "\(ISO8601Timestamp.string(from: hold.until))", "reason": "\(hold.reason)"]
                )
                try await Task.sleep(for: min(timing.holdRecheckInterval, .seconds(max(0.05, hold.until.timeIntervalSinceNow))))
                continue
            }
            taken = try await store.acquireSeat(pool: pool, seats: seats, owner: owner, leaseFor: lease)
            if taken == nil { try await Task.sleep(for: timing.pollInterval) }
        }
        guard let held = taken else { throw CancellationError() }
        do {
            let value = try await whileRenewing(held, every: timing.renewInterval, body)
            await release(held)
            return value
        } catch {
            await release(held)
            throw error
        }
    }

    /// Runs `body` next to a task that renews `held`; the renewer failing with a lost lease cancels `body`.
    private func whileRenewing<Value: Sendable>(
        _ held: SeatLease, every interval: Duration, _ body: @escaping @Sendable () async throws -> Value
    ) async throws -> Value {
        try await withThrowingTaskGroup(of: Value?.self) { group in
            group.addTask { try await body() }
            group.addTask { [store, lease, logger] in
                var current = held
                while true {
                    try await Task.sleep(for: interval)
                    do {
                        current = try await store.renewSeat(current, leaseFor: lease)
                    } catch let error as StoreError where error.isLeaseLost {
                        logger.error("a seat lease was taken over while its run went on; stopping the run", metadata: ["error": "\(error)"])
                        throw error
                    } catch is CancellationError {
                        return nil
                    } catch {
                        // The store is unreachable for now; the next renewal tries again before the lease runs out.
                        logger.warning("a seat lease could not be renewed", metadata: ["error": "\(error)"])
                    }
                }
            }
            defer { group.cancelAll() }
            while let finished = try await group.next() {
                if let value = finished { return value }
            }
            throw CancellationError()
        }
    }

    /// Gives the seat back; a failure is logged, and the lease then expires on its own.
    private func release(_ held: SeatLease) async {
        do {
            try await store.releaseSeat(held)
        } catch {
            logger.warning("a seat lease could not be released; it frees itself when it expires", metadata: ["error": "\(error)"])
        }
    }
}
