public import Foundation
public import WardenCore

/// The Codex seat as it is at one request: its usage windows, the usage-limit hold and the budget holds. Plain values,
/// read by ``DashboardSources`` and shown by ``SeatView``.
public struct SeatState: Sendable, Equatable {
    /// One usage window of the seat, as codex reported it last.
    public struct Window: Sendable, Equatable {
        /// `primary` or `secondary`.
        public var name: String
        /// How much of it is used, 0–100.
        public var usedPercent: Double
        /// Its length in minutes, when reported.
        public var windowMinutes: Int?
        /// When it resets, when reported.
        public var resetsAt: Date?

        /// Creates a window.
        public init(name: String, usedPercent: Double, windowMinutes: Int?, resetsAt: Date?) {
            self.name = name
            self.usedPercent = usedPercent
            self.windowMinutes = windowMinutes
            self.resetsAt = resetsAt
        }
    }

    /// The seat held after a usage limit (or by the reserve): no run starts before `until`.
    public struct Hold: Sendable, Equatable {
        /// When runs may start again.
        public var until: Date
        /// Why, for operators.
        public var reason: String

        /// Creates a hold.
        public init(until: Date, reason: String) {
            self.until = until
            self.reason = reason
        }
    }

    /// The windows codex reported last; empty before the first report.
    public var windows: [Window]
    /// The ChatGPT plan, when known.
    public var planType: String?
    /// `codex.reserve_percent`.
    public var reservePercent: Int
    /// The usage-limit hold in force, if any.
    public var hold: Hold?
    /// The budget holds in force, one per system whose monthly budget is spent.
    public var budgetHolds: [BudgetHold]

    /// Creates a state.
    public init(windows: [Window] = [], planType: String? = nil, reservePercent: Int = 0, hold: Hold? = nil, budgetHolds: [BudgetHold] = []) {
        self.windows = windows
        self.planType = planType
        self.reservePercent = reservePercent
        self.hold = hold
        self.budgetHolds = budgetHolds
    }
}
