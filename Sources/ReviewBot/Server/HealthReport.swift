import Codex
import Foundation
import Store
import WardenCore

/// The `/healthz` body.
struct HealthReport: Codable, Sendable {
    var status: String
    var store: String
    var queuePaused: Bool?
    var pauseReason: String?
    /// When the Codex seat's hold ends (ISO 8601), while one is in force.
    var seatHoldUntil: String?
    /// Why the seat is held.
    var seatHoldReason: String?
    var queue: [String: Int]?
    var sandboxMode: String
    var budgetHold: Hold?
    /// The Codex seat's usage windows, once codex reported them.
    var rateLimits: [Window]?
    /// The ChatGPT plan, when codex reported it.
    var planType: String?

    /// A budget hold as `/healthz` shows it.
    struct Hold: Codable, Sendable {
        var system: String
        var reason: String
        var spentUSD: Double
        var budgetUSD: Double
        var until: String

        init(_ hold: BudgetHold) {
            system = hold.system.rawValue
            reason = hold.reason
            spentUSD = hold.spentUSD
            budgetUSD = hold.budgetUSD
            until = ISO8601DateFormatter().string(from: hold.until)
        }

        enum CodingKeys: String, CodingKey {
            case system, reason, until
            case spentUSD = "spent_usd"
            case budgetUSD = "budget_usd"
        }
    }

    /// One usage window.
    struct Window: Codable, Sendable {
        var window: String
        var usedPercent: Double
        var windowMinutes: Int?
        var resetsAt: String?

        init(_ window: RateLimitWindow) {
            self.window = window.name
            usedPercent = window.usedPercent
            windowMinutes = window.windowMinutes
            resetsAt = window.resetsAt.map { JobListRendering.timestamp($0) }
        }

        enum CodingKeys: String, CodingKey {
            case window
            case usedPercent = "used_percent"
            case windowMinutes = "window_minutes"
            case resetsAt = "resets_at"
        }
    }

    enum CodingKeys: String, CodingKey {
        case status, store, queue
        case rateLimits = "rate_limits"
        case planType = "plan_type"
        case queuePaused = "queue_paused"
        case pauseReason = "pause_reason"
        case seatHoldUntil = "seat_hold_until"
        case seatHoldReason = "seat_hold_reason"
        case sandboxMode = "sandbox_mode"
        case budgetHold = "budget_hold"
    }
}
