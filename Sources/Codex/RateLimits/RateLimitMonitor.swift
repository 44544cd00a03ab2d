public import Foundation

/// The Codex seat's latest usage windows in this process, and whether the reserve keeps new work from starting.
///
/// `warden serve` feeds it after every `codex exec` run (from the session's rollout file, ``ExecRunner``); `/healthz`
/// and `/metrics` show it; the review workers ask ``blockingWindow(at:)`` before they claim a job.
public actor RateLimitMonitor {
    /// The percentage of each window kept for people (`codex.reserve_percent`).
    public nonisolated let reservePercent: Int
    /// The latest snapshot, or `nil` before codex reported one.
    public private(set) var snapshot: RateLimitSnapshot?

    /// Creates a monitor.
    ///
    /// - Parameter reservePercent: `codex.reserve_percent`, 0–99.
    public init(reservePercent: Int = 0) {
        self.reservePercent = reservePercent
    }

    /// Records what codex reported last.
    public func update(_ snapshot: RateLimitSnapshot) {
        self.snapshot = snapshot
    }

    /// Takes the windows codex wrote last into its session files under `codexHome`, when nothing newer was reported:
    /// the seat as it was when this process starts (the reserve still applies to a window that has not reset).
    public func loadNewest(codexHome: String) {
        guard snapshot == nil, let newest = RolloutRateLimits.newest(codexHome: codexHome) else { return }
        snapshot = newest
    }

    /// The window that keeps new work from starting at `now`, if any. See ``RateLimitReserve/blockingWindow(in:reservePercent:now:)``.
    public func blockingWindow(at now: Date = Date()) -> RateLimitWindow? {
        snapshot.flatMap { RateLimitReserve.blockingWindow(in: $0, reservePercent: reservePercent, now: now) }
    }
}
