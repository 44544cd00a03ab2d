import Foundation

/// One usage window as the `/healthz` bodies of `warden serve` and `warden gateway` show it: `window`,
/// `used_percent`, `window_minutes` and `resets_at` (ISO 8601).
public struct RateLimitReport: Encodable, Sendable, Equatable {
    /// `primary` or `secondary`.
    public var window: String
    /// How much of the window is used, 0–100.
    public var usedPercent: Double
    /// The window's length in minutes, when reported.
    public var windowMinutes: Int?
    /// When the window resets, when reported.
    public var resetsAt: String?

    /// The report of `window`.
    public init(_ window: RateLimitWindow) {
        self.window = window.name
        usedPercent = window.usedPercent
        windowMinutes = window.windowMinutes
        resetsAt = window.resetsAt?.formatted(.iso8601)
    }

    enum CodingKeys: String, CodingKey {
        case window
        case usedPercent = "used_percent"
        case windowMinutes = "window_minutes"
        case resetsAt = "resets_at"
    }
}
