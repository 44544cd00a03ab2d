/// What `JobQueue.enqueue(_:idempotencyKey:)` did with a job.
public enum EnqueueOutcome: Sendable, Equatable {
    /// The job is new and is now durably queued.
    case enqueued
    /// The job id, or the delivery's idempotency key, was seen before; nothing changed.
    case duplicate
}
