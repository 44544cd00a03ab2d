extension Duration {
    /// The duration in seconds, as a floating-point number (for reports and rates).
    public var inSeconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }

    /// The duration in milliseconds, as a floating-point number (for reports).
    public var inMilliseconds: Double { inSeconds * 1000 }
}

/// Percentiles of benchmark samples, one definition for every `warden bench` report.
public enum Percentile {
    /// The nearest-rank percentile `fraction` (0…1) of ascending `values`; 0 when there are none.
    ///
    /// Nearest rank: the smallest value with at least `fraction` of the values at or below it, so
    /// p99 of fewer than 100 samples is the largest one.
    public static func nearestRank(_ fraction: Double, of values: [Double]) -> Double {
        guard !values.isEmpty else { return 0 }
        let rank = Int((fraction * Double(values.count)).rounded(.up))
        return values[min(max(rank, 1), values.count) - 1]
    }
}
