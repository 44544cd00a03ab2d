import Foundation
import Store
import WardenCore
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

    @Test("the last days from the run ledger: every day present, oldest first, tokens are input plus output, cost only when every run has a price")
    func lastDays() {
        let now = Date(timeIntervalSince1970: 1_796_601_600 + 3600)  // 2026-12-07 01:00 UTC
        func run(daysAgo: Double, model: String = "priced", input: Int64, output: Int64) -> CodexRun {
            CodexRun(
                system: .review, model: model, tokens: RunTokens(input: input, output: output), durationSeconds: 1, outcome: "completed",
                finishedAt: now.addingTimeInterval(-daysAgo * 86_400)
            )
        }
        let prices = PriceTable([ModelPrice(model: "priced", input: 1_000_000, cachedInput: 0, output: 2_000_000)])
        let days = DayFigures.lastDays(
            4,
            of: [
                run(daysAgo: 0, input: 10, output: 5), run(daysAgo: 0.01, input: 1, output: 1), run(daysAgo: 2, input: 7, output: 0),
                run(daysAgo: 3, model: "unpriced", input: 2, output: 2), run(daysAgo: 3, input: 1, output: 0), run(daysAgo: 4, input: 99, output: 99),
            ],
            prices: prices, now: now
        )
        #expect(
            days == [
                DayFigures(date: "2026-12-04", runs: 2, tokens: 5, costUSD: nil),
                DayFigures(date: "2026-12-05", runs: 1, tokens: 7, costUSD: 7),
                DayFigures(date: "2026-12-06", runs: 0, tokens: 0, costUSD: 0),
                DayFigures(date: "2026-12-07", runs: 2, tokens: 17, costUSD: 23),
            ]
        )
    }

    struct CostCase: CustomStringConvertible, Sendable {
        var description: String
        var days: [DayFigures]
        var heights: [Double]
        var title: String
    }

    @Test(
        "the cost row: bars scale to the most expensive day, an unknown day draws none and says so",
        arguments: [
            CostCase(
                description: "known",
                days: [.init(date: "2026-12-01", runs: 1, tokens: 1, costUSD: 2), .init(date: "2026-12-02", runs: 1, tokens: 1, costUSD: 1)],
                heights: [80, 40], title: "cost (max $2.00)"
            ),
            CostCase(
                description: "one unknown",
                days: [.init(date: "2026-12-01", runs: 1, tokens: 1, costUSD: nil), .init(date: "2026-12-02", runs: 1, tokens: 1, costUSD: 1)],
                heights: [0, 80], title: "cost (max $1.00)"
            ),
            CostCase(
                description: "all unknown",
                days: [.init(date: "2026-12-01", runs: 1, tokens: 1, costUSD: nil)],
                heights: [0], title: "cost (unknown: no [[costs.models]] price for the models that ran)"
            ),
        ]
    )
    func costRow(_ row: CostCase) {
        let svg = DayChart.svg(row.days)
        #expect(Self.heights(svg, series: "bar-cost") == row.heights)
        #expect(svg.contains(">\(DayChart.escape(row.title))</text>"))
        #expect(svg.contains(": cost unknown</title>") == row.days.contains { $0.costUSD == nil })
    }
}
