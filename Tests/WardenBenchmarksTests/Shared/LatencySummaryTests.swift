import Testing
import WardenBenchmarks

@Suite("LatencySummary")
struct LatencySummaryTests {
    static let hundred = Array(1...100)
    static let fifty = Array(1...50)
    /// Samples in milliseconds, then the expected nearest-rank p50 and p99.
    static let rows: [([Int], Double, Double)] = [
        ([], 0, 0), ([7], 7, 7), ([1, 2, 3, 4], 2, 4), ([5, 4, 3, 2, 1], 3, 5), (hundred, 50, 99), (fifty, 25, 50),
    ]

    @Test("nearest-rank percentiles", arguments: rows)
    func percentiles(_ samples: [Int], _ p50: Double, _ p99: Double) {
        let summary = LatencySummary(samples.map { .milliseconds($0) })
        #expect(summary.count == samples.count)
        #expect(summary.p50Milliseconds == p50)
        #expect(summary.p99Milliseconds == p99)
    }

    @Test("the fastest and slowest timings, and the rate only when the wall-clock time is given")
    func extremesAndRate() {
        let samples: [Duration] = [.milliseconds(5), .milliseconds(4), .milliseconds(9)]
        let timed = LatencySummary(samples, elapsed: .milliseconds(1500))
        #expect(timed.minMilliseconds == 4)
        #expect(timed.maxMilliseconds == 9)
        #expect(timed.perSecond == 2)
        #expect(LatencySummary(samples).perSecond == nil)
        #expect(LatencySummary(samples, elapsed: .zero).perSecond == 0)
        #expect(LatencySummary([]) == LatencySummary([], elapsed: nil))
    }
}
