import Logging
import PostgresNIO

extension PostgresStore {
    /// Turns the `NOTIFY` of every enqueue, retry and resume, from any replica, into `wakeUp.notify()` here, until
    /// the task is cancelled.
    ///
    /// Holds one connection of the pool while it listens. After connecting (and after every reconnect) it notifies
    /// once, since a job may have arrived while nobody listened; between failed connects it waits `retryDelay`.
    /// Workers keep polling as a fallback, so a lost notification only delays a job until the next poll.
    /// - Parameters:
    ///   - wakeUp: The signal this process's workers wait on.
    ///   - retryDelay: The wait before listening again after the connection failed.
    public func forwardWakeUps(to wakeUp: QueueWakeUp, retryDelay: Duration = .seconds(1)) async {
        let logger = self.logger
        while !Task.isCancelled {
            do {
                try await client.withConnection { connection in
                    try await connection.listen(on: Self.wakeUpChannel) { notifications in
                        wakeUp.notify()
                        for try await _ in notifications { wakeUp.notify() }
                    }
                }
            } catch is CancellationError {
                return
            } catch {
                if Task.isCancelled { return }
                logger.warning(
                    "store wake-ups stopped; listening again",
                    metadata: ["error": "\(Self.storeError(error, operation: "listen for new jobs"))"]
                )
            }
            try? await Task.sleep(for: retryDelay)
        }
    }
}
