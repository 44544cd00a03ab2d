public import Foundation
public import Store

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

    /// The last `days` days up to and including `now`'s, oldest first, every day present (zero when idle), from
    /// reviews: one run per review, its input and output tokens.
    public static func lastDays(_ days: Int, of reviews: [ReviewRecord], now: Date) -> [DayFigures] {
        let today = Int((now.timeIntervalSince1970 / 86_400).rounded(.down))
        var figures = (0..<max(0, days)).map { offset in
            DayFigures(date: dayString(today - days + 1 + offset), runs: 0, tokens: 0)
        }
        for review in reviews {
            let index = Int((review.createdAt.timeIntervalSince1970 / 86_400).rounded(.down)) - (today - days + 1)
            guard figures.indices.contains(index) else { continue }
            figures[index].runs += 1
            figures[index].tokens += review.inputTokens + review.outputTokens
        }
        return figures
    }

    private static func dayString(_ day: Int) -> String {
        let components = Calendar(identifier: .gregorian).dateComponents(
            in: TimeZone(identifier: "UTC") ?? .current, from: Date(timeIntervalSince1970: Double(day) * 86_400)
        )
        return String(format: "%04d-%02d-%02d", components.year ?? 0, components.month ?? 0, components.day ?? 0)
    }
}
