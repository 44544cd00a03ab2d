import Foundation
import Store
import Testing
import WardenCore

/// Seat holds and the release of a job without spending an attempt, on every store implementation.
@Suite("Seat hold conformance")
struct SeatHoldConformanceTests {
    private static let lease: Duration = .seconds(60)
    private static let job = NewJob.review(projectID: 42, mergeRequestIID: 7, headSHA: "aaa")

    @Test("a released job is pending again with its claim's attempt undone, the reason kept and the expected start recorded", arguments: StoreFactory.all)
    func releaseUndoesTheAttempt(factory: StoreFactory) async throws {
        try await factory.withLocation { location in
            let store = try location.open()
            _ = try await store.enqueue(Self.job, idempotencyKey: nil)
            let first = try #require(try await store.claimNext(owner: "w1", leaseFor: Self.lease))
            #expect(first.attempts == 1)
            let resumes = location.clock.now.addingTimeInterval(3600)
            try await store.release(id: first.id, owner: "w1", runAfter: resumes, reason: "the Codex plan's usage limit is reached")
            let released = try #require(try await store.list(states: nil, limit: nil).first)
            #expect(released.state == .pending)
            #expect(released.attempts == 0)
            #expect(released.lastError == "the Codex plan's usage limit is reached")
            #expect(released.runAfter == resumes)
            #expect(released.leaseOwner == nil)

            let again = try #require(try await store.claimNext(owner: "w2", leaseFor: Self.lease))
            #expect(again.id == first.id && again.attempts == 1, "the released job is claimed with the attempt it had")
        }
    }

    @Test("only the worker holding a job can release it", arguments: StoreFactory.all)
    func releaseNeedsTheLease(factory: StoreFactory) async throws {
        try await factory.withLocation { location in
            let store = try location.open()
            _ = try await store.enqueue(Self.job, idempotencyKey: nil)
            let job = try #require(try await store.claimNext(owner: "w1", leaseFor: Self.lease))
            let error = await #expect(throws: StoreError.self) {
                try await store.release(id: job.id, owner: "w2", runAfter: location.clock.now, reason: "limit")
            }
            #expect(error?.isLeaseLost == true)
            await #expect(throws: StoreError.self) {
                try await store.release(id: "no-such-job", owner: "w1", runAfter: location.clock.now, reason: "limit")
            }
            #expect(try await store.list(states: nil, limit: nil).first?.attempts == 1)
        }
    }

    @Test("a hold set through one handle is seen through another, replaced by a later one, and cleared", arguments: StoreFactory.all)
    func holdsAreShared(factory: StoreFactory) async throws {
        try await factory.withLocation { location in
            let replicaA = try location.open()
            let replicaB = try location.open()
            #expect(try await replicaB.seatHold(pool: "codex") == nil)
            let until = location.clock.now.addingTimeInterval(600)
            try await replicaA.holdSeats(pool: "codex", until: until, reason: "usage limit", streak: 1)
            #expect(try await replicaB.seatHold(pool: "codex") == SeatHold(pool: "codex", until: until, reason: "usage limit", streak: 1))
            #expect(try await replicaB.seatHold(pool: "thread:t-1") == nil, "a hold is per pool")

            let later = until.addingTimeInterval(60)
            try await replicaB.holdSeats(pool: "codex", until: later, reason: "again", streak: 2)
            #expect(try await replicaA.seatHold(pool: "codex") == SeatHold(pool: "codex", until: later, reason: "again", streak: 2))

            try await replicaA.clearSeatHold(pool: "codex")
            #expect(try await replicaB.seatHold(pool: "codex") == nil)
        }
    }

    @Test("the streak of holds grows until a run completes after the hold ended; a hold in force is kept", arguments: StoreFactory.all)
    func streakResetsAfterACompletedRun(factory: StoreFactory) async throws {
        try await factory.withLocation { location in
            let holds = SeatHolds(store: try location.open())
            let start = Date(timeIntervalSince1970: 1_800_000_000)
            let first = try await holds.hold(resetsAt: nil, reason: "rate limit", now: start)
            #expect(first.streak == 1 && first.until == start.addingTimeInterval(60))
            let second = try await holds.hold(resetsAt: nil, reason: "rate limit", now: first.until)
            #expect(second.streak == 2 && second.until == first.until.addingTimeInterval(120))
            #expect(try await holds.active(at: second.until.addingTimeInterval(-1)) == second)
            #expect(try await holds.active(at: second.until) == nil)

            try await holds.runCompleted(at: second.until.addingTimeInterval(-1))
            #expect(try await holds.store.seatHold(pool: LeasedSeats.codexPool) == second, "a hold still in force stays")
            try await holds.runCompleted(at: second.until)
            let fresh = try await holds.hold(resetsAt: nil, reason: "rate limit", now: second.until)
            #expect(fresh.streak == 1, "a completed run ends the streak")
        }
    }

    @Test("no seat of a held pool is given out until the hold ends", arguments: StoreFactory.all)
    func leasedSeatsWaitForTheHold(factory: StoreFactory) async throws {
        try await factory.withLocation { location in
            let store = try location.open()
            let until = Date().addingTimeInterval(1)
            try await store.holdSeats(pool: LeasedSeats.codexPool, until: until, reason: "usage limit", streak: 1)
            let seats = LeasedSeats(store: try location.open(), seats: 1, lease: .seconds(60), holder: "replica")
            let started = try await seats.withSeat { Date() }
            #expect(started >= until)
        }
    }
}
