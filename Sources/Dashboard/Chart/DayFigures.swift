public import Foundation
public import WardenCore

/// One day's work for the dashboard chart: what the chart draws, whatever store or ledger it came from.
public struct DayFigures: Sendable, Equatable {
    /// The day, `YYYY-MM-DD` (UTC).
    public var date: String
    /// Codex runs that day.
    public var runs: Int
    /// Tokens those runs used (input and output).
    public var tokens: Int64
    /// What they cost, when prices are known.
    public var costUSD: Double?

    /// Creates a day's figures.
    public init(date: String, runs: Int, tokens: Int64, costUSD: Double? = nil) {
        self.date = date
        self.runs = runs
        self.tokens = tokens
        self.costUSD = costUSD
    }

    /// The last `days` days up to and including `now`'s, oldest first, every day present (zero when idle), from the
    /// run ledger: every Codex run, its input and output tokens, and the day's cost — `nil` when a run of that day ran
    /// on a model without a price (a partial sum would understate it).
    public static func lastDays(_ days: Int, of runs: [CodexRun], prices: PriceTable, now: Date) -> [DayFigures] {
        let first = Int((now.timeIntervalSince1970 / 86_400).rounded(.down)) - days + 1
        var byDay = Array(repeating: [CodexRun](), count: max(0, days))
        for run in runs {
            let index = Int((run.finishedAt.timeIntervalSince1970 / 86_400).rounded(.down)) - first
            guard byDay.indices.contains(index) else { continue }
            byDay[index].append(run)
        }
        return byDay.enumerated().map { offset, runs in
            DayFigures(
                date: dayString(first + offset),
                runs: runs.count,
                tokens: runs.reduce(0) { $0 + $1.tokens.total },
                costUSD: prices.cost(of: runs.map { (model: $0.model, tokens: $0.tokens) })
            )
        }
    }

    private static func dayString(_ day: Int) -> String {
        let components = Calendar(identifier: .gregorian).dateComponents(
            in: TimeZone(identifier: "UTC") ?? .current, from: Date(timeIntervalSince1970: Double(day) * 86_400)
        )
        return String(format: "%04d-%02d-%02d", components.year ?? 0, components.month ?? 0, components.day ?? 0)
    }
}
