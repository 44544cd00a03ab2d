public import Foundation

/// A five-field cron expression (`minute hour day-of-month month day-of-week`), evaluated in UTC, so a schedule
/// never skips or repeats a run at a daylight-saving change.
///
/// Each field takes `*`, a number, a range `a-b`, a step `*/n` or `a-b/n`, and lists of those separated by commas;
/// months and weekdays take English three-letter names (`jan`, `mon`); weekday 0 and 7 are Sunday. As in cron, when
/// both day-of-month and day-of-week are restricted, a day matching either runs. `@hourly`, `@daily` (`@midnight`),
/// `@weekly`, `@monthly` and `@yearly` (`@annually`) stand for their usual expressions.
public struct CronSchedule: Sendable, Hashable, CustomStringConvertible {
    /// The expression as written.
    public let description: String
    let minutes: Set<Int>
    let hours: Set<Int>
    let daysOfMonth: Set<Int>
    let months: Set<Int>
    let daysOfWeek: Set<Int>
    let dayOfMonthRestricted: Bool
    let dayOfWeekRestricted: Bool

    private static let macros = [
        "@hourly": "0 * * * *", "@daily": "0 0 * * *", "@midnight": "0 0 * * *", "@weekly": "0 0 * * 0",
        "@monthly": "0 0 1 * *", "@yearly": "0 0 1 1 *", "@annually": "0 0 1 1 *",
    ]
    private static let monthNames = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
    private static let weekdayNames = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"]

    /// Parses an expression.
    ///
    /// - Throws: ``CronScheduleError`` naming the field and what is wrong with it.
    public init(_ text: String) throws(CronScheduleError) {
        let trimmed = text.trimmingCharacters(in: .whitespaces).lowercased()
        let expanded = Self.macros[trimmed] ?? trimmed
        let fields = expanded.split(whereSeparator: \.isWhitespace).map(String.init)
        guard fields.count == 5 else { throw CronScheduleError(expression: text, problem: "has \(fields.count) fields, not 5") }
        description = text.trimmingCharacters(in: .whitespaces)
        minutes = try Self.field(fields[0], name: "minute", range: 0...59, names: [], expression: text)
        hours = try Self.field(fields[1], name: "hour", range: 0...23, names: [], expression: text)
        daysOfMonth = try Self.field(fields[2], name: "day of month", range: 1...31, names: [], expression: text)
        months = try Self.field(fields[3], name: "month", range: 1...12, names: Self.monthNames, nameOffset: 1, expression: text)
        let weekdays = try Self.field(fields[4], name: "day of week", range: 0...7, names: Self.weekdayNames, expression: text)
        daysOfWeek = Set(weekdays.map { $0 % 7 })
        dayOfMonthRestricted = !fields[2].hasPrefix("*")
        dayOfWeekRestricted = !fields[4].hasPrefix("*")
    }

    /// The first time strictly after `date` (to the minute) the schedule runs, or `nil` when it never does (such as
    /// `0 0 31 2 *`) within the next eight years.
    public func nextRun(after date: Date) -> Date? {
        let calendar = Self.utc
        let start = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date.addingTimeInterval(60))
        guard var day = calendar.date(from: DateComponents(year: start.year, month: start.month, day: start.day)) else { return nil }
        var first = true
        for _ in 0..<(366 * 8) {
            let parts = calendar.dateComponents([.month, .day, .weekday], from: day)
            if let month = parts.month, let dayOfMonth = parts.day, let weekday = parts.weekday, months.contains(month),
                matchesDay(dayOfMonth: dayOfMonth, weekday: weekday - 1)
            {
                let fromHour = first ? (start.hour ?? 0) : 0
                for hour in hours.sorted() where hour >= fromHour {
                    let fromMinute = first && hour == fromHour ? (start.minute ?? 0) : 0
                    if let minute = minutes.sorted().first(where: { $0 >= fromMinute }) {
                        return calendar.date(byAdding: DateComponents(hour: hour, minute: minute), to: day)
                    }
                }
            }
            first = false
            guard let next = calendar.date(byAdding: .day, value: 1, to: day) else { return nil }
            day = next
        }
        return nil
    }

    private func matchesDay(dayOfMonth: Int, weekday: Int) -> Bool {
        switch (dayOfMonthRestricted, dayOfWeekRestricted) {
        case (true, true): daysOfMonth.contains(dayOfMonth) || daysOfWeek.contains(weekday)
        case (true, false): daysOfMonth.contains(dayOfMonth)
        case (false, true): daysOfWeek.contains(weekday)
        case (false, false): true
        }
    }

    private static let utc: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        return calendar
    }()

    /// The values one field names.
    private static func field(
        _ text: String, name: String, range: ClosedRange<Int>, names: [String], nameOffset: Int = 0, expression: String
    ) throws(CronScheduleError) -> Set<Int> {
        let failure = { (problem: String) in CronScheduleError(expression: expression, problem: "\(name) \"\(text)\" \(problem)") }
        func value(_ token: Substring) throws(CronScheduleError) -> Int {
            if let number = Int(token), range.contains(number) { return number }
            if let index = names.firstIndex(of: String(token)) { return index + nameOffset }
            throw failure("is not in \(range.lowerBound)–\(range.upperBound)")
        }
        var values: Set<Int> = []
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            let pieces = part.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
            var step = 1
            if pieces.count == 2 {
                guard let parsed = Int(pieces[1]), parsed > 0 else { throw failure("has a step that is not a positive number") }
                step = parsed
            }
            let span = pieces[0]
            let bounds: ClosedRange<Int>
            if span == "*" {
                bounds = range
            } else if let dash = span.firstIndex(of: "-") {
                let low = try value(span[..<dash])
                let high = try value(span[span.index(after: dash)...])
                guard low <= high else { throw failure("has a range that runs backwards") }
                bounds = low...high
            } else {
                let single = try value(span)
                bounds = single...(pieces.count == 2 ? range.upperBound : single)
            }
            values.formUnion(stride(from: bounds.lowerBound, through: bounds.upperBound, by: step))
        }
        return values
    }
}

/// A cron expression that does not parse; names the field at fault.
public struct CronScheduleError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The expression as written.
    public let expression: String
    /// What is wrong.
    public let problem: String

    public var description: String { "the schedule \"\(expression)\" is not a five-field cron expression: \(problem)" }
}
