import Foundation
import Testing
import WardenCore

/// `warden usage`'s figures: grouping, token sums, cost with and without prices, percentiles, table and JSON.
@Suite("Usage report")
struct UsageReportTests {
    static func at(_ text: String) -> Date { ISO8601DateFormatter().date(from: text) ?? .distantPast }

    static let runs = [
        CodexRun(
            system: .review, projectID: 7, reference: "!1", model: "gpt-5.5", tokens: RunTokens(input: 1_000, cachedInput: 200, output: 100, reasoning: 40),
            durationSeconds: 10, outcome: "completed", finishedAt: at("2026-12-06T10:00:00Z")
        ),
        CodexRun(
            system: .followup, projectID: 7, reference: "!1", model: "gpt-5.5", tokens: RunTokens(input: 500, cachedInput: 0, output: 50, reasoning: 0),
            durationSeconds: 4, outcome: "completed", finishedAt: at("2026-12-06T11:00:00Z")
        ),
        CodexRun(
            system: .remediation, projectID: 12, reference: "SEC-1", model: "gpt-5.5", tokens: RunTokens(input: 2_000, output: 300),
            durationSeconds: 60, outcome: "timeout", finishedAt: at("2026-12-07T09:00:00Z")
        ),
        CodexRun(
            system: .gateway, model: "gpt-5.5", tokens: RunTokens(input: 100, output: 10), durationSeconds: 2, outcome: "completed",
            finishedAt: at("2026-12-07T09:30:00Z")
        ),
    ]
    static let prices = PriceTable([ModelPrice(model: "gpt-5.5", input: 1, cachedInput: 0.5, output: 10)])

    @Test(
        "runs are grouped by day, project or system, in order",
        arguments: [
            (UsageReport.Grouping.day, ["2026-12-06", "2026-12-07"], [2, 2]),
            (.project, ["7", "12", "-"], [2, 1, 1]),
            (.system, ["review", "followup", "remediation", "gateway"], [1, 1, 1, 1]),
        ]
    )
    func grouping(_ grouping: UsageReport.Grouping, groups: [String], runs: [Int]) {
        let report = UsageReport(runs: Self.runs, grouping: grouping, since: .distantPast, prices: Self.prices)
        #expect(report.rows.map(\.group) == groups)
        #expect(report.rows.map(\.runs) == runs)
        #expect(report.total.runs == 4)
        #expect(report.total.tokens == RunTokens(input: 3_600, cachedInput: 200, output: 460, reasoning: 40))
    }

    @Test("tokens and cost per group; --since leaves older runs out")
    func figures() throws {
        let report = UsageReport(runs: Self.runs, grouping: .project, since: Self.at("2026-12-06T10:30:00Z"), prices: Self.prices)
        #expect(report.rows.map(\.group) == ["7", "12", "-"])
        let project7 = report.rows[0]
        #expect(project7.runs == 1, "the review ended before --since")
        #expect(project7.tokens == RunTokens(input: 500, output: 50))
        let projectCost = try #require(project7.costUSD)
        let expectedProjectCost: Double = (500 * 1 + 50 * 10) / 1_000_000
        #expect(abs(projectCost - expectedProjectCost) < 1e-12)
        let totalCost = try #require(report.total.costUSD)
        let expectedTotalCost: Double = (2_600 * 1 + 360 * 10) / 1_000_000
        #expect(abs(totalCost - expectedTotalCost) < 1e-12)
    }

    @Test("without prices the cost is unknown: — in the table, null in JSON")
    func unknownCost() throws {
        let report = UsageReport(runs: Self.runs, grouping: .system, since: .distantPast, prices: PriceTable())
        #expect(report.rows.allSatisfy { $0.costUSD == nil })
        #expect(report.table.split(separator: "\n").dropFirst().allSatisfy { $0.contains("—") })
        let json = try #require(try JSONSerialization.jsonObject(with: report.json()) as? [String: Any])
        let total = try #require(json["total"] as? [String: Any])
        #expect(total["cost_usd"] is NSNull)
    }

    @Test(
        "p50 and p90 are nearest-rank percentiles of the durations",
        arguments: [
            ([] as [Double], 0.0, 0.0),
            ([5], 5, 5),
            ([1, 2, 3, 4], 2, 4),
            ([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 5, 9),
        ]
    )
    func percentiles(_ durations: [Double], p50: Double, p90: Double) {
        let runs = durations.map {
            CodexRun(system: .review, model: "m", tokens: .zero, durationSeconds: $0, outcome: "completed", finishedAt: Self.at("2026-12-07T00:00:00Z"))
        }
        let report = UsageReport(runs: runs, grouping: .system, since: .distantPast, prices: PriceTable())
        #expect(report.total.p50Seconds == p50)
        #expect(report.total.p90Seconds == p90)
    }

    @Test("the table: a header, one line per group and the total, costs in dollars")
    func table() {
        let report = UsageReport(runs: Self.runs, grouping: .day, since: .distantPast, prices: Self.prices)
        #expect(
            report.table == """
                day         runs  input  cached  output  reasoning     cost   p50    p90
                2026-12-06     2   1500     200     150         40  $0.0029  4.0s  10.0s
                2026-12-07     2   2100       0     310          0  $0.0052  2.0s  60.0s
                total          4   3600     200     460         40  $0.0081  4.0s  60.0s

                """
        )
    }

    @Test("the JSON: groups and total with tokens by kind, cost and percentiles")
    func json() throws {
        let report = UsageReport(runs: Self.runs, grouping: .system, since: Self.at("2026-12-01T00:00:00Z"), prices: Self.prices)
        let json = try #require(try JSONSerialization.jsonObject(with: report.json()) as? [String: Any])
        #expect(json["by"] as? String == "system")
        #expect(json["since"] as? String == "2026-12-01T00:00:00Z")
        let groups = try #require(json["groups"] as? [[String: Any]])
        #expect(groups.map { $0["group"] as? String } == ["review", "followup", "remediation", "gateway"])
        let review = groups[0]
        #expect(review["runs"] as? Int == 1)
        #expect(review["tokens"] as? [String: Int] == ["input": 1_000, "cached_input": 200, "output": 100, "reasoning": 40])
        let reviewCost = review["cost_usd"] as? Double ?? 0
        let expectedReviewCost: Double = (800 * 1 + 200 * 0.5 + 100 * 10) / 1_000_000
        #expect(abs(reviewCost - expectedReviewCost) < 1e-12)
        #expect(review["p50_seconds"] as? Double == 10)
    }

    @Test(
        "--since takes Nd, Nh and ISO dates",
        arguments: [
            ("7d", "2026-11-30T20:00:00Z"),
            ("12h", "2026-12-07T08:00:00Z"),
            ("0d", "2026-12-07T20:00:00Z"),
            ("2026-12-01", "2026-12-01T00:00:00Z"),
            ("2026-12-01T08:30:00Z", "2026-12-01T08:30:00Z"),
        ]
    )
    func since(_ text: String, expected: String) {
        #expect(UsageSince.instant(text, now: Self.at("2026-12-07T20:00:00Z")) == Self.at(expected))
    }

    @Test("--since refuses anything else", arguments: ["7", "d", "-3d", "7w", "yesterday", "2026-13-01", ""])
    func sinceRefused(_ text: String) {
        #expect(UsageSince.instant(text, now: Date()) == nil)
    }
}
