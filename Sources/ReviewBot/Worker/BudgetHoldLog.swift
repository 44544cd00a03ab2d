import Logging
import Synchronization
import WardenCore

/// Logs a worker's budget hold when it starts and when it ends, not at every poll.
final class BudgetHoldLog: Sendable {
    private let held = Mutex(false)

    /// Logs `hold` if the worker was not held before, or the end of the hold if it was.
    func note(_ hold: BudgetHold?, worker: String, logger: Logger) {
        let wasHeld = held.withLock { held in
            defer { held = hold != nil }
            return held
        }
        if let hold, !wasHeld {
            logger.warning("review budget spent: no new job is claimed", metadata: ["worker": "\(worker)", "reason": "\(hold.reason)"])
        } else if hold == nil, wasHeld {
            logger.info("review budget hold ended", metadata: ["worker": "\(worker)"])
        }
    }
}
