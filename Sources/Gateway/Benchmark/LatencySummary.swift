/// Percentiles of one series of benchmark timings, in milliseconds.
public struct LatencySummary: Sendable, Codable, Equatable {
    /// How many timings.
    public var count: Int
    /// The median (nearest rank).
    public var p50Ms: Double
    /// The 99th percentile (nearest rank; the slowest run below 100 runs).
    public var p99Ms: Double
    /// The fastest run.
    public var minMs: Double
    /// The slowest run.
    public var maxMs: Double

    /// Summarises `samples`; an empty series gives zeros.
    public init(_ samples: [Duration]) {
        let sorted = samples.map(Self.milliseconds).sorted()
        count = sorted.count
        p50Ms = Self.percentile(0.50, of: sorted)
        p99Ms = Self.percentile(0.99, of: sorted)
        minMs = sorted.first ?? 0
        maxMs = sorted.last ?? 0
    }

    /// The nearest-rank percentile `fraction` of ascending `values`; 0 when there are none.
    static func percentile(_ fraction: Double, of values: [Double]) -> Double {
        guard !values.isEmpty else { return 0 }
        let rank = Int((fraction * Double(values.count)).rounded(.up))
        return values[min(max(rank, 1), values.count) - 1]
    }

    /// `duration` in milliseconds.
    static func milliseconds(_ duration: Duration) -> Double {
        let (seconds, attoseconds) = duration.components
        return Double(seconds) * 1000 + Double(attoseconds) / 1e15
    }
}
