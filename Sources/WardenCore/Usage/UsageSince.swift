public import Foundation

/// The `--since` of `warden usage`: `7d`, `12h` or an ISO date (`2026-12-01`) or date-time. Pure parsing.
public enum UsageSince {
    /// The instant `text` names, counted back from `now` for `Nd` and `Nh`.
    /// - Returns: `nil` when the text is none of the accepted forms.
    public static func instant(_ text: String, now: Date) -> Date? {
        if let unit = text.last, unit == "d" || unit == "h", let count = Int(text.dropLast()), count >= 0 {
            return now.addingTimeInterval(-Double(count) * (unit == "d" ? 86_400 : 3_600))
        }
        let dateTime = ISO8601DateFormatter()
        if let date = dateTime.date(from: text) { return date }
        let day = ISO8601DateFormatter()
        day.formatOptions = [.withFullDate]
        return day.date(from: text)
    }

    /// The accepted forms, for the error message.
    public static let form = "Nd, Nh, or an ISO date (2026-12-01) or date-time (2026-12-01T08:00:00Z)"
}
