import Foundation

/// Reads the reset time out of codex's usage-limit message: a pure parser, tested as a table.
///
/// codex 0.163 writes it in its own time zone with minute precision, either as a time of day ("try again at 11:12
/// AM.") when the reset falls within the day, or with a date ("try again at Dec 9th, 2026 6:45 PM."). The seconds are
/// cut off, so the limit may still hold during the shown minute: the reset is taken as the end of that minute.
enum ResetTimeText {
    /// The end of the minute codex names after "try again at", or `nil` when the message names none.
    ///
    /// - Parameters:
    ///   - message: codex's message.
    ///   - now: the current time; a time of day is placed today, or tomorrow when it lies more than an hour before
    ///     `now` (codex writes a bare time only for a reset within the next day).
    ///   - timeZone: the zone codex wrote the time in.
    static func resetTime(in message: String, now: Date, timeZone: TimeZone) -> Date? {
        guard let range = message.range(of: "try again at ", options: .caseInsensitive) else { return nil }
        var text = String(message[range.upperBound...]).trimmingCharacters(in: .whitespacesAndNewlines)
        if text.hasSuffix(".") { text.removeLast() }
        text = text.replacingOccurrences(of: #"(\d)(st|nd|rd|th),"#, with: "$1,", options: .regularExpression)
        if let dated = date(from: text, format: "MMM d, yyyy h:mm a", timeZone: timeZone) {
            return dated.addingTimeInterval(60)
        }
        guard let time = date(from: text, format: "h:mm a", timeZone: timeZone) else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let clock = calendar.dateComponents([.hour, .minute], from: time)
        guard let hour = clock.hour, let minute = clock.minute else { return nil }
        let today = calendar.startOfDay(for: now)
        guard var reset = calendar.date(bySettingHour: hour, minute: minute, second: 0, of: today)?.addingTimeInterval(60) else { return nil }
        // A time well before now is after midnight; one just passed is a reset that came while codex reported it.
        if reset < now.addingTimeInterval(-3600), let tomorrow = calendar.date(byAdding: .day, value: 1, to: reset) {
            reset = tomorrow
        }
        return reset
    }

    private static func date(from text: String, format: String, timeZone: TimeZone) -> Date? {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = timeZone
        formatter.dateFormat = format
        return formatter.date(from: text)
    }
}
