import Foundation
import Store
import Testing

/// How long a usage limit holds the seat (``SeatHoldPolicy``).
@Suite("SeatHoldPolicy")
struct SeatHoldPolicyTests {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)

    struct Row: Sendable, CustomTestStringConvertible {
        let name: String
        let resetsAt: Date?
        let streak: Int
        let seconds: TimeInterval
        var testDescription: String { name }
    }

    @Test(
        "holds until the reset plus a margin, or backs off doubling up to an hour without one",
        arguments: [
            Row(name: "a reset 20 s ahead", resetsAt: now.addingTimeInterval(20), streak: 0, seconds: 30),
            Row(name: "a reset hours ahead, whatever the streak", resetsAt: now.addingTimeInterval(5 * 3600), streak: 7, seconds: 5 * 3600 + 10),
            Row(name: "a reset already past", resetsAt: now.addingTimeInterval(-120), streak: 0, seconds: 10),
            Row(name: "no reset time, the first hold", resetsAt: nil, streak: 0, seconds: 60),
            Row(name: "no reset time, the third hold in a row", resetsAt: nil, streak: 2, seconds: 240),
            Row(name: "no reset time, the seventh hold in a row is capped at an hour", resetsAt: nil, streak: 6, seconds: 3600),
            Row(name: "no reset time, a very long streak stays at an hour", resetsAt: nil, streak: 500, seconds: 3600),
        ]
    )
    func holdUntil(_ row: Row) {
        #expect(SeatHoldPolicy.holdUntil(resetsAt: row.resetsAt, now: Self.now, streak: row.streak) == Self.now.addingTimeInterval(row.seconds))
    }
}
