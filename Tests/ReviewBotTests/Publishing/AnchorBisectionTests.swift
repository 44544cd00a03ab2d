import Testing

@testable import ReviewBot

@Suite("Anchor bisection")
struct AnchorBisectionTests {
    struct Row: Sendable, CustomTestStringConvertible {
        let count: Int
        let refused: Set<Int>
        /// At most this many trials.
        let budget: Int
        var testDescription: String { "\(refused.sorted()) of \(count)" }
    }

    static let rows: [Row] = [
        Row(count: 1, refused: [0], budget: 0),
        Row(count: 2, refused: [1], budget: 1),
        Row(count: 2, refused: [0, 1], budget: 2),
        Row(count: 8, refused: [5], budget: 6),
        Row(count: 8, refused: [0, 7], budget: 12),
        Row(count: 50, refused: [3, 17, 49], budget: 40),
        Row(count: 50, refused: Set(0..<50), budget: 100),
    ]

    @Test("finds exactly the refused items, in few trials", arguments: rows)
    func finds(_ row: Row) async throws {
        var trials = 0
        let found = try await AnchorBisection.refused(count: row.count) { subset in
            trials += 1
            return row.refused.isDisjoint(with: subset)
        }
        #expect(found == row.refused.sorted())
        #expect(trials <= row.budget)
    }

    @Test("an empty set needs no trial")
    func empty() async throws {
        let found = try await AnchorBisection.refused(count: 0) { _ in
            Issue.record("asked about an empty set")
            return true
        }
        #expect(found.isEmpty)
    }
}
