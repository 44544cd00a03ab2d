public import Foundation

/// The figures of `warden usage`: runs grouped by day, project or system, with tokens, cost and duration
/// percentiles. Pure: built from ledger rows and prices, so it is tested as a table.
public struct UsageReport: Sendable, Hashable {
    /// How runs are grouped.
    public enum Grouping: String, Sendable, CaseIterable {
        /// By UTC day of the run's end (`2026-12-07`).
        case day
        /// By forge project id (`-` for runs without one, such as gateway turns).
        case project
        /// By system (`review`, `followup`, `remediation`, `gateway`).
        case system
    }

    /// One group's figures.
    public struct Row: Sendable, Hashable {
        /// The group: a day, a project id or a system.
        public var group: String
        /// Runs in the group.
        public var runs: Int
        /// Their tokens, summed.
        public var tokens: RunTokens
        /// Their cost in US dollars, `nil` when a run's model has no price.
        public var costUSD: Double?
        /// The median duration in seconds.
        public var p50Seconds: Double
        /// The 90th percentile duration in seconds.
        public var p90Seconds: Double
    }

    /// The grouping.
    public var grouping: Grouping
    /// The first instant counted.
    public var since: Date
    /// One row per group, in group order.
    public var rows: [Row]
    /// Every run together.
    public var total: Row

    /// Groups `runs` (those that ended at or after `since`).
    ///
    /// - Parameters:
    ///   - runs: ledger rows.
    ///   - grouping: how to group them.
    ///   - since: the first instant counted.
    ///   - prices: the configured prices.
    public init(runs: [CodexRun], grouping: Grouping, since: Date, prices: PriceTable) {
        self.grouping = grouping
        self.since = since
        let counted = runs.filter { $0.finishedAt >= since }
        let groups = Dictionary(grouping: counted) { Self.key(of: $0, by: grouping) }
        rows = groups.keys.sorted { Self.order($0, $1, by: grouping) }.map { key in
            Self.row(key, groups[key] ?? [], prices: prices)
        }
        total = Self.row("total", counted, prices: prices)
    }

    private static func row(_ group: String, _ runs: [CodexRun], prices: PriceTable) -> Row {
        let durations = runs.map(\.durationSeconds).sorted()
        return Row(
            group: group,
            runs: runs.count,
            tokens: runs.reduce(RunTokens.zero) { $0 + $1.tokens },
            costUSD: prices.cost(of: runs.map { (model: $0.model, tokens: $0.tokens) }),
            p50Seconds: Self.percentile(0.5, of: durations),
            p90Seconds: Self.percentile(0.9, of: durations)
        )
    }

    /// The nearest-rank percentile of sorted values; 0 for none.
    static func percentile(_ fraction: Double, of sorted: [Double]) -> Double {
        guard !sorted.isEmpty else { return 0 }
        let rank = Int((fraction * Double(sorted.count)).rounded(.up))
        return sorted[min(max(rank, 1), sorted.count) - 1]
    }

    private static func key(of run: CodexRun, by grouping: Grouping) -> String {
        switch grouping {
        case .day: UsageDay.string(from: run.finishedAt)
        case .project: run.projectID.map(String.init) ?? "-"
        case .system: run.system.rawValue
        }
    }

    private static func order(_ lhs: String, _ rhs: String, by grouping: Grouping) -> Bool {
        switch grouping {
        case .day: return lhs < rhs
        case .project: return (Int(lhs) ?? .max, lhs) < (Int(rhs) ?? .max, rhs)
        case .system:
            let left = CodexSystem(rawValue: lhs)
            let right = CodexSystem(rawValue: rhs)
            if let left, let right { return left < right }
            return lhs < rhs
        }
    }
}

/// UTC days as `warden usage` names them.
enum UsageDay {
    /// `2026-12-07` for any instant of that UTC day.
    static func string(from date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd"
        return formatter.string(from: date)
    }
}
