public import Foundation

/// Whether the reserve (`codex.reserve_percent`) keeps a new run from starting: a pure decision, tested as a table.
public enum RateLimitReserve {
    /// The window at or above `100 - reservePercent` % that has not reset yet, the fullest first, or `nil` when a run may
    /// start.
    ///
    /// A window without a reset time never blocks: nothing would tell when to try again, and a snapshot is only renewed
    /// by a run.
    ///
    /// - Parameters:
    ///   - snapshot: the seat's latest windows.
    ///   - reservePercent: the part of each window kept for people, 0–99.
    ///   - now: the current time; a window whose reset has passed is spent no longer.
    public static func blockingWindow(in snapshot: RateLimitSnapshot, reservePercent: Int, now: Date) -> RateLimitWindow? {
        let threshold = Double(100 - min(max(reservePercent, 0), 99))
        return snapshot.windows
            .filter { window in window.usedPercent >= threshold && (window.resetsAt.map { $0 > now } ?? false) }
            .max { $0.usedPercent < $1.usedPercent }
    }

    /// Why the window holds the seat, for operators and the status note's log.
    public static func reason(_ window: RateLimitWindow, reservePercent: Int) -> String {
        let used = Int(window.usedPercent.rounded())
        if reservePercent == 0 { return "the Codex \(window.name) usage window is full (\(used) %)" }
        return "the Codex \(window.name) usage window is at \(used) %, within the \(reservePercent) % kept in reserve"
    }
}
