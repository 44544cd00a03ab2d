import Foundation
import WardenCore

/// The seat section's rows: each window as a bar with its reset time, and the holds with their ends and reasons.
/// Pure, built from ``SeatState``.
struct SeatView: Sendable {
    /// One window, ready to draw as a `<meter>`.
    struct Window: Sendable, Equatable {
        var name: String
        /// `5h`, `7d`, or the name when the length is unknown.
        var label: String
        /// The used percentage, rounded, 0–100 (the meter's value).
        var used: Int
        /// `resets 14:05 UTC`, or that the reset time is unknown.
        var resets: String
        /// Whether the reserve keeps new work from starting on it.
        var reserved: Bool
    }

    /// A hold, ready to show.
    struct Hold: Sendable, Equatable {
        /// `seat` or the budget's system.
        var kind: String
        /// `14:05 UTC`.
        var until: String
        var reason: String
    }

    var windows: [Window]
    var planType: String?
    /// `codex.reserve_percent` as `10%`, or `nil` when no reserve is kept.
    var reserve: String?
    var holds: [Hold]
    /// Whether a usage limit or a budget holds new work, for the page's banner (a stored value: templates read
    /// stored properties only).
    var held: Bool

    init(_ state: SeatState, now: Date) {
        windows = state.windows.map { window in
            let used = Int(min(100, max(0, window.usedPercent)).rounded())
            return Window(
                name: window.name,
                label: window.windowMinutes.map(Self.length) ?? window.name,
                used: used,
                resets: window.resetsAt.map { resetsAt in
                    resetsAt > now ? "resets \(Self.time(resetsAt, now: now))" : "reset at \(Self.time(resetsAt, now: now)); not reported since"
                } ?? "reset time unknown",
                reserved: state.reservePercent > 0 && window.usedPercent >= Double(100 - state.reservePercent)
            )
        }
        planType = state.planType
        reserve = state.reservePercent > 0 ? "\(state.reservePercent)%" : nil
        holds = (state.hold.map { [Hold(kind: "seat", until: Self.time($0.until, now: now), reason: $0.reason)] } ?? [])
            + state.budgetHolds.map { Hold(kind: "\($0.system.rawValue) budget", until: Self.time($0.until, now: now), reason: $0.reason) }
        held = !holds.isEmpty
    }

    /// A window length: `300` minutes is `5h`, `10080` is `7d`, `90` is `90m`.
    static func length(_ minutes: Int) -> String {
        if minutes > 0, minutes % 1440 == 0 { return "\(minutes / 1440)d" }
        if minutes > 0, minutes % 60 == 0 { return "\(minutes / 60)h" }
        return "\(minutes)m"
    }

    /// `14:05 UTC` within a day of `now`, `2026-12-09 14:05 UTC` further away.
    static func time(_ date: Date, now: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = abs(date.timeIntervalSince(now)) < 86_400 ? "HH:mm 'UTC'" : "yyyy-MM-dd HH:mm 'UTC'"
        return formatter.string(from: date)
    }
}
