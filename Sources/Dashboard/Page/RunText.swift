import Foundation
import WardenCore

/// How the page writes a run's cost and duration.
enum RunText {
    /// `$0.42`, or `unknown` without a price.
    static func cost(_ usd: Double?) -> String {
        usd.map { "$" + String(format: "%.2f", $0) } ?? "unknown"
    }

    /// `8.2s`, `3m 05s`.
    static func duration(_ seconds: Double) -> String {
        guard seconds >= 60 else { return String(format: "%.1fs", max(0, seconds)) }
        let whole = Int(seconds.rounded())
        return String(format: "%dm %02ds", whole / 60, whole % 60)
    }
}
