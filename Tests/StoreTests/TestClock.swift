import Foundation
import Synchronization

/// A clock the tests move by hand, so lease expiry and backoff are tested without sleeping.
final class TestClock: Sendable {
    private let current: Mutex<Date>

    /// Starts at a whole second, so stored timestamps compare exactly.
    init(start: Date = Date(timeIntervalSince1970: 1_800_000_000)) {
        current = Mutex(start)
    }

    /// The current time.
    var now: Date { current.withLock { $0 } }

    /// Moves the clock forward.
    func advance(by duration: Duration) {
        current.withLock { $0 = $0.addingTimeInterval(TimeInterval(duration.components.seconds)) }
    }
}
