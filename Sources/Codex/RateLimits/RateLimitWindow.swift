public import Foundation

/// One usage window of the Codex seat, as codex reports it from the provider's `x-codex-*` response headers: how much
/// of it is used, how long it is, and when it resets.
public struct RateLimitWindow: Sendable, Equatable {
    /// Which window: `primary` (e.g. five hours) or `secondary` (e.g. a week); the metric label.
    public let name: String
    /// How much of the window is used, 0–100.
    public let usedPercent: Double
    /// The window's length in minutes, when reported.
    public let windowMinutes: Int?
    /// When the window resets, when reported.
    public let resetsAt: Date?

    /// Creates a window.
    public init(name: String, usedPercent: Double, windowMinutes: Int?, resetsAt: Date?) {
        self.name = name
        self.usedPercent = usedPercent
        self.windowMinutes = windowMinutes
        self.resetsAt = resetsAt
    }
}
