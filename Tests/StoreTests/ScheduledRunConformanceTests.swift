import Foundation
import Store
import Testing

/// Claims of scheduled runs on every store implementation: handles on one location compete like replicas on one
/// database.
@Suite("Scheduled run conformance")
struct ScheduledRunConformanceTests {
    private static let lease: Duration = .seconds(60)

    @Test("two replicas waking at one due time: exactly one claims it, the other learns it was claimed", arguments: StoreFactory.all)
    func oneClaimPerDueTime(factory: StoreFactory) async throws {
        try await factory.withLocation { location in
            let handles = [try location.open(), try location.open()]
            let slot = location.clock.now
            let claims = try await withThrowingTaskGroup(of: ScheduledRunClaim.self) { group in
                for index in 0..<8 {
                    let store = handles[index % handles.count]
                    group.addTask {
                        try await store.claimScheduledRun(schedule: "nightly", slot: slot, owner: "replica-\(index)", leaseFor: Self.lease)
                    }
                }
                return try await group.reduce(into: [ScheduledRunClaim]()) { $0.append($1) }
            }
            #expect(claims.filter { $0 == .claimed }.count == 1)
            #expect(claims.filter { $0 == .alreadyClaimed(slot: slot) }.count == 7)
        }
    }

    @Test("a later due time is not started while the run holds its lease, and is after the run finishes", arguments: StoreFactory.all)
    func runInProgressIsNotStartedTwice(factory: StoreFactory) async throws {
        try await factory.withLocation { location in
            let first = try location.open()
            let second = try location.open()
            let start = location.clock.now
            #expect(try await first.claimScheduledRun(schedule: "s", slot: start, owner: "a", leaseFor: Self.lease) == .claimed)
            location.clock.advance(by: .seconds(30))
            let next = start.addingTimeInterval(30)
            #expect(try await second.claimScheduledRun(schedule: "s", slot: next, owner: "b", leaseFor: Self.lease) == .inProgress(owner: "a"))
            // Another entry is independent.
            #expect(try await second.claimScheduledRun(schedule: "other", slot: next, owner: "b", leaseFor: Self.lease) == .claimed)

            try await first.finishScheduledRun(schedule: "s", owner: "a", outcome: "succeeded")
            let records = try await second.scheduledRuns()
            let record = try #require(records.first { $0.schedule == "s" })
            #expect(record.outcome == "succeeded")
            #expect(record.owner == nil)
            #expect(record.startedAt == start)
            #expect(record.finishedAt == location.clock.now)
            #expect(record.slot == start)
            #expect(try await second.claimScheduledRun(schedule: "s", slot: next, owner: "b", leaseFor: Self.lease) == .claimed)
            #expect(try await first.scheduledRuns().first { $0.schedule == "s" }?.isRunning(at: location.clock.now) == true)
        }
    }

    @Test("a crashed holder's run is over once its lease expires; it can then neither renew nor record its end", arguments: StoreFactory.all)
    func expiredLeaseIsTakenOver(factory: StoreFactory) async throws {
        try await factory.withLocation { location in
            let crashed = try location.open()
            let survivor = try location.open()
            let start = location.clock.now
            #expect(try await crashed.claimScheduledRun(schedule: "s", slot: start, owner: "crashed", leaseFor: Self.lease) == .claimed)
            location.clock.advance(by: .seconds(50))
            try await crashed.renewScheduledRun(schedule: "s", owner: "crashed", leaseFor: Self.lease)
            location.clock.advance(by: .seconds(59))
            let next = start.addingTimeInterval(60)
            #expect(try await survivor.claimScheduledRun(schedule: "s", slot: next, owner: "survivor", leaseFor: Self.lease) == .inProgress(owner: "crashed"))
            location.clock.advance(by: .seconds(1))
            #expect(try await survivor.claimScheduledRun(schedule: "s", slot: next, owner: "survivor", leaseFor: Self.lease) == .claimed)

            let error = await #expect(throws: StoreError.self) {
                try await crashed.renewScheduledRun(schedule: "s", owner: "crashed", leaseFor: Self.lease)
            }
            #expect(error?.isLeaseLost == true)
            try await crashed.finishScheduledRun(schedule: "s", owner: "crashed", outcome: "failed")
            let record = try #require(try await survivor.scheduledRuns().first)
            #expect(record.owner == "survivor")
            #expect(record.outcome == nil)
        }
    }
}
