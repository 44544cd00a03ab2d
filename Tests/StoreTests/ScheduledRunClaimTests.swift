import Foundation
import Store
import Testing

/// The pure decision behind a claim of a scheduled run.
@Suite("Scheduled run claims")
struct ScheduledRunClaimTests {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)

    struct Row: Sendable, CustomTestStringConvertible {
        let name: String
        let existing: ScheduledRun?
        let slot: Date
        let expected: ScheduledRunClaim
        var testDescription: String { name }
    }

    static func record(slotOffset: TimeInterval, owner: String? = nil, leaseOffset: TimeInterval? = nil) -> ScheduledRun {
        ScheduledRun(
            schedule: "s", slot: now.addingTimeInterval(slotOffset), owner: owner, leaseExpiresAt: leaseOffset.map { now.addingTimeInterval($0) },
            startedAt: now.addingTimeInterval(slotOffset)
        )
    }

    @Test(
        "a due time runs once, and not while an earlier run holds an unexpired lease",
        arguments: [
            Row(name: "never ran", existing: nil, slot: now, expected: .claimed),
            Row(name: "an earlier due time finished", existing: record(slotOffset: -60), slot: now, expected: .claimed),
            Row(name: "this due time was claimed", existing: record(slotOffset: 0), slot: now, expected: .alreadyClaimed(slot: now)),
            Row(
                name: "a later due time was claimed (a replica with a fast clock)", existing: record(slotOffset: 60), slot: now,
                expected: .alreadyClaimed(slot: now.addingTimeInterval(60))
            ),
            Row(
                name: "an earlier run still holds its lease", existing: record(slotOffset: -60, owner: "a", leaseOffset: 1), slot: now,
                expected: .inProgress(owner: "a")
            ),
            Row(name: "an earlier run's lease expired", existing: record(slotOffset: -60, owner: "a", leaseOffset: 0), slot: now, expected: .claimed),
        ]
    )
    func decide(_ row: Row) {
        #expect(ScheduledRunClaim.decide(row.existing, slot: row.slot, now: Self.now) == row.expected)
    }
}
