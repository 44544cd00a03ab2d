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
        let sorted = latencies.map(\.milliseconds).sorted()
        count = sorted.count
        let seconds = elapsed.milliseconds / 1000
        perSecond = seconds > 0 ? Double(sorted.count) / seconds : 0
        p50Milliseconds = Self.percentile(0.50, of: sorted)
        p99Milliseconds = Self.percentile(0.99, of: sorted)
        maxMilliseconds = sorted.last ?? 0
    }

    /// The nearest-rank percentile of sorted values; 0 for none.
    static func percentile(_ fraction: Double, of sorted: [Double]) -> Double {
        guard !sorted.isEmpty else { return 0 }
        let rank = Int((fraction * Double(sorted.count)).rounded(.up))
        return sorted[min(max(rank, 1), sorted.count) - 1]
    }
}

extension Duration {
    /// The duration in milliseconds, as a floating-point number.
    var milliseconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) * 1000 + Double(attoseconds) / 1e15
    }
}
