import WardenCore

/// Percentiles of one series of benchmark timings, in milliseconds, and the rate when the series' wall-clock
/// time is known; every `warden bench` report uses it.
public struct LatencySummary: Sendable, Codable, Equatable {
    /// How many timings.
    public var count: Int
    /// Timings per second over the series' wall-clock time; `nil` when the series was summarised without it.
    public var perSecond: Double?
    /// The median (nearest rank).
    public var p50Milliseconds: Double
    /// The 99th percentile (nearest rank; the slowest timing below 100 timings).
    public var p99Milliseconds: Double
    /// The fastest timing.
    public var minMilliseconds: Double
    /// The slowest timing.
    public var maxMilliseconds: Double

    /// Summarises `samples`; an empty series gives zeros.
    ///
    /// - Parameters:
    ///   - samples: the timings, in any order.
    ///   - elapsed: the wall-clock time the series took, for ``perSecond``; `nil` leaves the rate out.
    public init(_ samples: [Duration], elapsed: Duration? = nil) {
        let sorted = samples.map(\.inMilliseconds).sorted()
        count = sorted.count
        perSecond = elapsed.map { $0.inSeconds > 0 ? Double(sorted.count) / $0.inSeconds : 0 }
        p50Milliseconds = Self.nearestRank(0.50, of: sorted)
        p99Milliseconds = Self.nearestRank(0.99, of: sorted)
        minMilliseconds = sorted.first ?? 0
        maxMilliseconds = sorted.last ?? 0
    }

    /// The nearest-rank percentile `fraction` (0…1) of ascending `values`; 0 when there are none.
    ///
    /// Nearest rank: the smallest value with at least `fraction` of the values at or below it, so
    /// p99 of fewer than 100 samples is the largest one.
    static func nearestRank(_ fraction: Double, of values: [Double]) -> Double {
        guard !values.isEmpty else { return 0 }
        let rank = Int((fraction * Double(values.count)).rounded(.up))
        return values[min(max(rank, 1), values.count) - 1]
    }
}
