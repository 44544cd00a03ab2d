import Foundation
import Remediation
import Testing

@Suite("Cron schedule")
struct CronScheduleTests {
    static func date(_ text: String) -> Date {
        let formatter = ISO8601DateFormatter()
        return formatter.date(from: text) ?? Date(timeIntervalSince1970: 0)
    }

    struct Row: Sendable, CustomTestStringConvertible {
        let expression: String
        let after: String
        let expected: String?
        var testDescription: String { "\(expression) after \(after)" }
    }

    @Test(
        "the next run, in UTC",
        arguments: [
            Row(expression: "0 3 * * *", after: "2026-12-07T20:00:00Z", expected: "2026-12-08T03:00:00Z"),
            Row(expression: "0 3 * * *", after: "2026-12-07T02:59:59Z", expected: "2026-12-07T03:00:00Z"),
            Row(expression: "0 3 * * *", after: "2026-12-07T03:00:00Z", expected: "2026-12-08T03:00:00Z"),
            Row(expression: "*/15 * * * *", after: "2026-12-07T20:07:30Z", expected: "2026-12-07T20:15:00Z"),
            Row(expression: "* * * * *", after: "2026-12-31T23:59:10Z", expected: "2027-01-01T00:00:00Z"),
            Row(expression: "30 1 * * mon-fri", after: "2026-12-11T02:00:00Z", expected: "2026-12-14T01:30:00Z"),
            Row(expression: "0 0 * * 7", after: "2026-12-07T00:00:00Z", expected: "2026-12-13T00:00:00Z"),
            Row(expression: "0 0 1,15 * *", after: "2026-12-02T00:00:00Z", expected: "2026-12-15T00:00:00Z"),
            Row(expression: "0 0 13 * fri", after: "2026-12-07T00:00:00Z", expected: "2026-12-11T00:00:00Z"),
            Row(expression: "0 12 29 feb *", after: "2026-03-01T00:00:00Z", expected: "2028-02-29T12:00:00Z"),
            Row(expression: "0 0 31 2 *", after: "2026-01-01T00:00:00Z", expected: nil),
            Row(expression: "5 4 * jun-aug/2 *", after: "2026-07-01T00:00:00Z", expected: "2026-08-01T04:05:00Z"),
            Row(expression: "@daily", after: "2026-03-29T00:30:00Z", expected: "2026-03-30T00:00:00Z"),
            Row(expression: "0 2 * * *", after: "2026-03-29T00:30:00Z", expected: "2026-03-29T02:00:00Z"),
            Row(expression: "@hourly", after: "2026-10-25T01:59:00Z", expected: "2026-10-25T02:00:00Z"),
            Row(expression: "10-20/5 8 * * *", after: "2026-12-07T08:16:00Z", expected: "2026-12-07T08:20:00Z"),
        ]
    )
    func nextRun(_ row: Row) throws {
        let schedule = try CronSchedule(row.expression)
        #expect(schedule.nextRun(after: Self.date(row.after)) == row.expected.map(Self.date))
    }

    @Test(
        "malformed expressions name their field",
        arguments: [
            ("0 3 * *", "4 fields"), ("60 * * * *", "minute"), ("* 24 * * *", "hour"), ("* * 0 * *", "day of month"),
            ("* * * 13 *", "month"), ("* * * * 8", "day of week"), ("*/0 * * * *", "step"), ("5-1 * * * *", "backwards"),
            ("* * * * mon-", "day of week"), ("@sometimes", "1 fields"), ("a b c d e", "minute"),
        ]
    )
    func malformed(_ expression: String, _ named: String) {
        #expect {
            try CronSchedule(expression)
        } throws: { error in
            "\(error)".contains(named)
        }
    }
}
