import Codex
import Foundation
import Store
import WardenCore

/// The `/healthz` body.
struct HealthReport: Encodable, Sendable {
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
    var rateLimits: [RateLimitReport]?
    /// The ChatGPT plan, when codex reported it.
    var planType: String?
    /// The scheduled remediation runs, when `warden serve` has any.
    var schedule: [ScheduledJobStatus]?

    /// A budget hold as `/healthz` shows it.
    struct Hold: Encodable, Sendable {
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

    enum CodingKeys: String, CodingKey {
        case status, store, queue, schedule
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
