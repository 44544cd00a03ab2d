import WardenCore

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
        let sorted = samples.map(\.inMilliseconds).sorted()
        count = sorted.count
        p50Ms = Percentile.nearestRank(0.50, of: sorted)
        p99Ms = Percentile.nearestRank(0.99, of: sorted)
        minMs = sorted.first ?? 0
        maxMs = sorted.last ?? 0
    }
}
