import WardenCore

/// Throughput and latency percentiles of one benchmark phase.
public struct LatencySummary: Sendable, Equatable, Codable {
    /// Requests measured.
    public var count: Int
    /// Requests per second over the phase's wall-clock time.
    public var perSecond: Double
    /// Median latency in milliseconds.
    public var p50Milliseconds: Double
    /// 99th percentile latency in milliseconds.
    public var p99Milliseconds: Double
    /// Slowest request in milliseconds.
    public var maxMilliseconds: Double

    /// Summarises latencies measured over `elapsed` (nearest-rank percentiles).
    public init(latencies: [Duration], elapsed: Duration) {
        let sorted = latencies.map(\.inMilliseconds).sorted()
        count = sorted.count
        let seconds = elapsed.inSeconds
        perSecond = seconds > 0 ? Double(sorted.count) / seconds : 0
        p50Milliseconds = Percentile.nearestRank(0.50, of: sorted)
        p99Milliseconds = Percentile.nearestRank(0.99, of: sorted)
        maxMilliseconds = sorted.last ?? 0
    }
}
