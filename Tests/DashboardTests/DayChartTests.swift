import Foundation
import Store
import Testing

@testable import Dashboard

@Suite("Day chart")
struct DayChartTests {
    /// The heights of the bars of one series (`bar-runs` or `bar-tokens`), in order.
    static func heights(_ svg: String, series: String) -> [Double] {
        let pattern = try! Regex(#"<rect class="\#(series)" x="[0-9.]+" y="[0-9.]+" width="[0-9.]+" height="([0-9.]+)""#)
        return svg.matches(of: pattern).compactMap { Double(String($0.output[1].substring ?? "")) }
    }

    struct Case: CustomStringConvertible, Sendable {
        var description: String
        var days: [DayFigures]
        var runs: [Double]
        var tokens: [Double]
    }

    @Test(
        "bars scale to the largest day of their series; idle days draw nothing; a small day stays visible",
        arguments: [
            Case(
                description: "scaled",
                days: [.init(date: "2026-12-01", runs: 4, tokens: 1000), .init(date: "2026-12-02", runs: 2, tokens: 250)],
                runs: [80, 40], tokens: [80, 20]
            ),
            Case(
                description: "idle days",
                days: [.init(date: "2026-12-01", runs: 0, tokens: 0), .init(date: "2026-12-02", runs: 0, tokens: 0)],
                runs: [0, 0], tokens: [0, 0]
            ),
            Case(
                description: "tiny next to huge",
                days: [.init(date: "2026-12-01", runs: 1000, tokens: 1_000_000), .init(date: "2026-12-02", runs: 1, tokens: 1)],
                runs: [80, 2], tokens: [80, 2]
            ),
            Case(description: "no days", days: [], runs: [], tokens: []),
        ]
    )
    func scaling(_ row: Case) {
        let svg = DayChart.svg(row.days)
        #expect(svg.hasPrefix("<svg ") && svg.hasSuffix("</svg>"))
        #expect(Self.heights(svg, series: "bar-runs") == row.runs)
        #expect(Self.heights(svg, series: "bar-tokens") == row.tokens)
        #expect(!svg.contains("nan") && !svg.contains("inf"))
    }

    @Test(
        "a day's tooltip names its cost only when it is known",
        arguments: [
            (DayFigures(date: "2026-12-01", runs: 3, tokens: 10), "3 runs"),
            (DayFigures(date: "2026-12-01", runs: 3, tokens: 10, costUSD: 1.5), "3 runs, $1.50"),
            (DayFigures(date: "2026-12-01", runs: 0, tokens: 0, costUSD: 0), "0 runs, $0.00"),
        ]
    )
    func costLabel(day: DayFigures, label: String) {
        #expect(DayChart.runsLabel(day) == label)
        #expect(DayChart.svg([day]).contains("<title>2026-12-01: \(label)</title>"))
    }

    @Test("labels are escaped")
    func escaping() {
        let svg = DayChart.svg([.init(date: "<script>alert(1)</script>&\"'", runs: 1, tokens: 1)])
        #expect(!svg.contains("<script>"))
        #expect(svg.contains("&lt;script&gt;alert(1)&lt;/script&gt;&amp;&quot;&#39;"))
    }

    @Test("the last days from reviews: every day present, oldest first, tokens are input plus output, older reviews left out")
    func lastDays() {
        let now = Date(timeIntervalSince1970: 1_796_601_600 + 3600)  // 2026-12-07 01:00 UTC
        func review(daysAgo: Double, input: Int64, output: Int64) -> ReviewRecord {
            ReviewRecord(
                projectID: 1, mergeRequestIID: 1, headSHA: "s\(daysAgo)", state: .posted, inputTokens: input, outputTokens: output,
                createdAt: now.addingTimeInterval(-daysAgo * 86_400)
            )
        }
        let days = DayFigures.lastDays(
            3, of: [review(daysAgo: 0, input: 10, output: 5), review(daysAgo: 0.01, input: 1, output: 1), review(daysAgo: 2, input: 7, output: 0), review(daysAgo: 3, input: 99, output: 99)],
            now: now
        )
        #expect(
            days == [
                DayFigures(date: "2026-12-05", runs: 1, tokens: 7), DayFigures(date: "2026-12-06", runs: 0, tokens: 0),
                DayFigures(date: "2026-12-07", runs: 2, tokens: 17),
            ]
        )
    }
}
