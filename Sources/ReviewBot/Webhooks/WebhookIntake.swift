import Hummingbird
import Logging
import NIOCore
import Store

/// The steps every forge's webhook route shares once its delivery is authenticated: reading the body within the
/// limit, and committing a job to the queue (then waking this process's workers).
struct WebhookIntake: Sendable {
    let queue: any JobQueue
    let wakeUp: QueueWakeUp
    let maxBodyBytes: Int
    let logger: Logger

    /// A delivery's body, or why it is refused.
    enum Body {
        case read(ByteBuffer)
        case refused(WebhookOutcome)
    }

    /// The delivery's body, or the outcome that refuses it (413 over the limit, 400 when it cannot be read).
    func body(of request: Request) async -> Body {
        do {
            return .read(try await request.body.collect(upTo: maxBodyBytes))
        } catch is NIOTooManyBytesError {
            return .refused(.tooLarge(limit: maxBodyBytes))
        } catch {
            logger.warning("webhook body could not be read", metadata: ["error": "\(error)"])
            return .refused(.malformed(reason: "body could not be read"))
        }
    }

    /// Commits `job` unless the delivery or the job was seen before; a new job wakes the workers.
    /// - Throws: ``StoreError`` when nothing could be committed (the route answers 5xx and the forge delivers again).
    func enqueue(_ job: NewJob, idempotencyKey: String?) async throws -> WebhookOutcome {
        switch try await queue.enqueue(job, idempotencyKey: idempotencyKey) {
        case .enqueued:
            wakeUp.notify()
            logger.info("job enqueued", metadata: ["job": "\(job.id)"])
            return .enqueued
        case .duplicate:
            logger.debug("delivery deduplicated", metadata: ["job": "\(job.id)"])
            return .duplicate
        }
    }
}
