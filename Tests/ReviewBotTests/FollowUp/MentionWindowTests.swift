import Foundation
import Testing

@testable import ReviewBot

@Suite("Mention window")
struct MentionWindowTests {
    @Test(
        "admits at most the limit within an hour, and again once the oldest is an hour old",
        arguments: [
            ([0.0, 10, 20], 2, [true, true, false]),
            ([0.0, 10, 3600], 2, [true, true, true]),
            ([0.0, 3599.9], 1, [true, false]),
            ([0.0, 3600], 1, [true, true]),
            ([0.0, 1, 2, 3], 3, [true, true, true, false]),
        ]
    )
    func window(offsets: [Double], limit: Int, expected: [Bool]) {
        var window = MentionWindow()
        let start = Date(timeIntervalSince1970: 1_000_000)
        #expect(offsets.map { window.admit(at: start.addingTimeInterval($0), limit: limit) } == expected)
    }

    @Test("access levels are ordered as GitLab numbers them")
    func levels() {
        #expect(AccessLevel.allCases.map(\.gitlabValue) == [10, 20, 30, 40, 50])
        #expect(AccessLevel.guest < .developer && !(AccessLevel.owner < .maintainer))
    }
}
