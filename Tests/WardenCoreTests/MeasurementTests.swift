import Testing
import WardenCore

@Suite("Benchmark measures")
struct MeasurementTests {
    static let hundred = (1...100).map(Double.init)
    static let fifty = (1...50).map(Double.init)
    static let rows: [(Double, [Double], Double)] = [
        (0.50, [], 0), (0.50, [7], 7), (0.99, [7], 7), (0.50, [1, 2, 3, 4], 2), (0.50, [1, 2, 3, 4, 5], 3),
        (0.99, hundred, 99), (0.99, fifty, 50), (0.0, [4, 5], 4), (1.0, [4, 5], 5),
    ]

    @Test("nearest-rank percentiles", arguments: rows)
    func nearestRank(_ fraction: Double, _ values: [Double], _ expected: Double) {
        #expect(Percentile.nearestRank(fraction, of: values) == expected)
    }

    @Test("durations as floating-point seconds and milliseconds")
    func durations() {
        #expect(Duration.milliseconds(1500).inSeconds == 1.5)
        #expect(Duration.microseconds(250).inMilliseconds == 0.25)
        #expect(Duration.seconds(-2).inMilliseconds == -2000)
    }
}
