import Codex
import Logging

extension AppServerConnection {
    /// Unsubscribes from a gateway thread that is done with (`thread/unsubscribe`), in the
    /// background: codex unloads a thread only once nobody is subscribed, so a gateway that never
    /// unsubscribed would keep every request's thread in the worker's memory for good.
    ///
    /// - Parameters:
    ///   - thread: the thread; its turn has ended (or it never had one).
    ///   - logger: where the outcome is logged (debug).
    nonisolated func release(_ thread: ThreadID, logger: Logger) {
        Task {
            do {
                let status = try await self.unsubscribe(from: thread)
                logger.debug("released a gateway thread", metadata: ["thread": "\(thread)", "status": "\(status)"])
            } catch {
                logger.debug("thread/unsubscribe failed", metadata: ["thread": "\(thread)", "error": "\(error)"])
            }
        }
    }
}
