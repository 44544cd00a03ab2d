import Foundation
import Store
import Synchronization
import Testing
import WardenCore

/// Seat leases on every store implementation: handles on one location compete like replicas on one database.
@Suite("Seat lease conformance")
struct SeatLeaseConformanceTests {
    private static let lease: Duration = .seconds(60)

    @Test("two handles share one pool: never more than its seats are held, and a release frees one", arguments: StoreFactory.all)
    func handlesShareThePool(factory: StoreFactory) async throws {
        try await factory.withLocation { location in
            let first = try location.open()
            let second = try location.open()
            let a = try #require(try await first.acquireSeat(pool: "codex", seats: 2, owner: "a", leaseFor: Self.lease))
            let b = try #require(try await second.acquireSeat(pool: "codex", seats: 2, owner: "b", leaseFor: Self.lease))
            #expect(Set([a.seat, b.seat]) == [0, 1])
            #expect(a.expiresAt == location.clock.now.addingTimeInterval(60))
            #expect(try await first.acquireSeat(pool: "codex", seats: 2, owner: "c", leaseFor: Self.lease) == nil)
            #expect(try await second.acquireSeat(pool: "codex", seats: 2, owner: "d", leaseFor: Self.lease) == nil)
            // Another pool (a thread's lock) is independent.
            #expect(try await second.acquireSeat(pool: "thread:t-1", seats: 1, owner: "e", leaseFor: Self.lease)?.seat == 0)

            try await second.releaseSeat(a)
            let c = try #require(try await second.acquireSeat(pool: "codex", seats: 2, owner: "c", leaseFor: Self.lease))
            #expect(c.seat == a.seat)
            #expect(try await first.acquireSeat(pool: "codex", seats: 2, owner: "d", leaseFor: Self.lease) == nil)
        }
    }

    @Test("handles racing for one pool of three seats from many tasks take exactly three, all different", arguments: StoreFactory.all)
    func concurrentAcquisitionsNeverExceedTheSeats(factory: StoreFactory) async throws {
        try await factory.withLocation { location in
            let handles = [try location.open(), try location.open()]
            let taken = try await withThrowingTaskGroup(of: SeatLease?.self) { group in
                for index in 0..<24 {
                    let store = handles[index % handles.count]
                    group.addTask { try await store.acquireSeat(pool: "codex", seats: 3, owner: "o\(index)", leaseFor: Self.lease) }
                }
                return try await group.reduce(into: [SeatLease]()) { leases, lease in lease.map { leases.append($0) } }
            }
            #expect(taken.count == 3)
            #expect(Set(taken.map(\.seat)) == [0, 1, 2])
        }
    }

    @Test("an expired lease is taken over; its old holder can neither renew nor release it", arguments: StoreFactory.all)
    func expiredLeaseIsTakenOver(factory: StoreFactory) async throws {
        try await factory.withLocation { location in
            let crashed = try location.open()
            let survivor = try location.open()
            let old = try #require(try await crashed.acquireSeat(pool: "codex", seats: 1, owner: "crashed", leaseFor: Self.lease))
            location.clock.advance(by: .seconds(59))
            #expect(try await survivor.acquireSeat(pool: "codex", seats: 1, owner: "survivor", leaseFor: Self.lease) == nil)
            location.clock.advance(by: .seconds(1))
            let new = try #require(try await survivor.acquireSeat(pool: "codex", seats: 1, owner: "survivor", leaseFor: Self.lease))
            #expect(new.seat == old.seat && new.owner == "survivor")

            await #expect(throws: StoreError.seatLost(old)) { try await crashed.renewSeat(old, leaseFor: Self.lease) }
            try await crashed.releaseSeat(old)
            #expect(try await crashed.acquireSeat(pool: "codex", seats: 1, owner: "third", leaseFor: Self.lease) == nil)
        }
    }

    @Test("a renewal moves the expiry, so the lease outlives its first term", arguments: StoreFactory.all)
    func renewalExtendsTheLease(factory: StoreFactory) async throws {
        try await factory.withLocation { location in
            let holder = try location.open()
            let other = try location.open()
            let lease = try #require(try await holder.acquireSeat(pool: "codex", seats: 1, owner: "h", leaseFor: Self.lease))
            location.clock.advance(by: .seconds(50))
            let renewed = try await holder.renewSeat(lease, leaseFor: Self.lease)
            #expect(renewed.expiresAt == location.clock.now.addingTimeInterval(60))
            location.clock.advance(by: .seconds(50))
            #expect(try await other.acquireSeat(pool: "codex", seats: 1, owner: "o", leaseFor: Self.lease) == nil)
            location.clock.advance(by: .seconds(10))
            #expect(try await other.acquireSeat(pool: "codex", seats: 1, owner: "o", leaseFor: Self.lease) != nil)
        }
    }

    @Test("a pool of no seats is refused", arguments: StoreFactory.all)
    func zeroSeatsIsRefused(factory: StoreFactory) async throws {
        try await factory.withLocation { location in
            let store = try location.open()
            await #expect(throws: StoreError.self) { try await store.acquireSeat(pool: "codex", seats: 0, owner: "o", leaseFor: Self.lease) }
        }
    }

    // MARK: LeasedSeats

    @Test("LeasedSeats on two handles runs many bodies, never more at once than the seats", arguments: StoreFactory.all)
    func leasedSeatsBoundConcurrency(factory: StoreFactory) async throws {
        try await factory.withLocation { location in
            let gates = try (0..<2).map { index in
                LeasedSeats(store: try location.open(), seats: 2, lease: .milliseconds(600), holder: "replica-\(index)")
            }
            let running = RunningCount()
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<12 {
                    let gate = gates[index % gates.count]
                    group.addTask {
                        try await gate.withSeat {
                            running.change(by: 1)
                            try await Task.sleep(for: .milliseconds(30))
                            running.change(by: -1)
                        }
                    }
                }
                try await group.waitForAll()
            }
            #expect(running.peak == 2)
            #expect(running.now == 0)
        }
    }

    @Test("LeasedSeats cancels a body whose seat was taken over, and the caller learns the seat was lost", arguments: StoreFactory.all)
    func lostSeatCancelsTheBody(factory: StoreFactory) async throws {
        try await factory.withLocation { location in
            let holder = LeasedSeats(store: try location.open(), seats: 1, lease: .milliseconds(300), holder: "stalled")
            let other = try location.open()
            let running = RunningCount()
            let outcome = Task {
                try await holder.withSeat { () async throws -> String in
                    running.change(by: 1)
                    try await Task.sleep(for: .seconds(30))
                    return "finished"
                }
            }
            while running.now == 0 { try await Task.sleep(for: .milliseconds(10)) }
            // Time jumps past the holder's lease and another replica takes the seat over (again if a renewal came first).
            var takeover: SeatLease?
            for _ in 0..<100 where takeover == nil {
                location.clock.advance(by: .seconds(5))
                takeover = try await other.acquireSeat(pool: LeasedSeats.codexPool, seats: 1, owner: "taker", leaseFor: .seconds(3600))
            }
            #expect(takeover != nil)
            let error = await #expect(throws: StoreError.self) { try await outcome.value }
            #expect(error?.isLeaseLost == true)
        }
    }
}

/// How many bodies run at once, and the most seen.
private final class RunningCount: Sendable {
    private let state = Mutex((now: 0, peak: 0))

    var now: Int { state.withLock { $0.now } }
    var peak: Int { state.withLock { $0.peak } }

    func change(by delta: Int) {
        state.withLock { value in
            value.now += delta
            value.peak = max(value.peak, value.now)
        }
    }
}
