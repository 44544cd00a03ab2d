import Testing
import WardenCore

@Suite("Duration measures")
struct MeasurementTests {
    @Test("durations as floating-point seconds and milliseconds")
    func durations() {
        #expect(Duration.milliseconds(1500).inSeconds == 1.5)
        #expect(Duration.microseconds(250).inMilliseconds == 0.25)
        #expect(Duration.seconds(-2).inMilliseconds == -2000)
    }
}
