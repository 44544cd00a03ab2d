import Forge
import Synchronization

/// A ``ForgeClock`` that never sleeps: each wait is recorded and moves the clock forward at once.
final class GitLabTestClock: ForgeClock {
    private struct State {
        var now: Duration = .zero
        var sleeps: [Duration] = []
    }

    private let state = Mutex(State())
    /// The wall-clock time at ``now`` zero.
    let startSecondsSince1970: Double

    init(startSecondsSince1970: Double = 1_800_000_000) {
        self.startSecondsSince1970 = startSecondsSince1970
    }

    var now: Duration { state.withLock { $0.now } }

    var secondsSince1970: Double {
        let components = now.components
        return startSecondsSince1970 + Double(components.seconds) + Double(components.attoseconds) / 1e18
    }

    /// Every wait asked for, in order.
    var sleeps: [Duration] { state.withLock { $0.sleeps } }

    func sleep(for duration: Duration) async throws {
        try Task.checkCancellation()
        state.withLock {
            $0.sleeps.append(duration)
            $0.now += duration
        }
    }

    /// Moves the clock forward without recording a wait.
    func advance(by duration: Duration) {
        state.withLock { $0.now += duration }
    }
}
