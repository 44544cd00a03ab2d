public import Foundation

/// The durable queue of review and note jobs that the webhook route fills and the workers drain.
///
/// Implementations are safe to share between tasks and between processes that open the same store.
public protocol JobQueue: Sendable {
    /// Puts a job on the queue; the job is durable before this returns.
    ///
    /// A job whose id is already present, in any state but `dead`, or a delivery whose `idempotencyKey` was seen
    /// before, is a no-op that returns ``EnqueueOutcome/duplicate``. A `dead` job of the same id is brought back to
    /// `pending` with fresh attempts (a later delivery may review a head whose review failed). A new review job supersedes the `pending` and `failed` review
    /// jobs of the same project and merge request that have another head SHA.
    /// - Parameters:
    ///   - job: The job, with its deterministic id.
    ///   - idempotencyKey: The delivery's `Idempotency-Key` header, if it had one.
    /// - Returns: Whether the job was queued or was a duplicate.
    /// - Throws: ``StoreError``.
    func enqueue(_ job: NewJob, idempotencyKey: String?) async throws -> EnqueueOutcome

    /// Claims the oldest runnable job for a worker and counts an attempt.
    ///
    /// Runnable means `pending`, `failed` with its retry time passed, or `running` with an expired lease (its
    /// worker died). An expired job that has already used all its attempts becomes `dead` instead. A review job waits
    /// while another review of the same merge request runs under a live lease: one merge request is reviewed by one
    /// worker at a time, in the order its heads arrived, so an older run never writes the status note after a newer.
    /// - Parameters:
    ///   - owner: The worker's name, which later calls must repeat.
    ///   - leaseFor: How long the claim holds unless renewed.
    /// - Returns: The claimed job, or `nil` when the queue is paused or nothing is runnable.
    func claimNext(owner: String, leaseFor: Duration) async throws -> JobRecord?

    /// Extends the lease of a job the worker still holds.
    /// - Throws: ``StoreError`` `not_found`, or `lease_lost` when the job is no longer running under `owner`.
    func renewLease(id: String, owner: String, leaseFor: Duration) async throws

    /// Marks a job the worker holds as done.
    /// - Throws: ``StoreError`` `not_found`, or `lease_lost` when the job is no longer running under `owner`.
    func complete(id: String, owner: String) async throws

    /// Records a failed attempt of a job the worker holds.
    ///
    /// The job becomes `failed` with `runAfter` = now + the configured backoff for its attempt count, or `dead` once
    /// its attempts reach the configured maximum. Either way the error is kept as `lastError`.
    /// A failure that trying again cannot mend (the forge refused the project with 403) makes the job `dead` at once.
    /// A review job whose merge request has a newer review job becomes `superseded` instead: it is never retried.
    /// - Parameters:
    ///   - error: A short, operator-facing reason; never model output or payload text. Long text is cut.
    ///   - retryable: Whether another attempt can help.
    /// - Returns: The job's new state, `failed`, `dead` or `superseded`.
    /// - Throws: ``StoreError`` `not_found`, or `lease_lost` when the job is no longer running under `owner`.
    func fail(id: String, owner: String, error: String, retryable: Bool) async throws -> JobState

    /// Puts a job the worker holds back to `pending` without spending an attempt: the claim's attempt is undone.
    ///
    /// For a run stopped by something outside the job, such as the Codex seat's usage limit: the job is not at fault,
    /// so it neither moves towards `dead` nor backs off on its own; `runAfter` records when the seat is expected back
    /// (``JobRecord/runAfter``), while the seat hold keeps workers from claiming meanwhile.
    /// - Parameters:
    ///   - runAfter: when the job is expected to run again.
    ///   - reason: a short, operator-facing reason, kept as `lastError`; long text is cut.
    /// - Throws: ``StoreError`` `not_found`, or `lease_lost` when the job is no longer running under `owner`.
    func release(id: String, owner: String, runAfter: Date, reason: String) async throws

    /// Puts a `dead` or `failed` job back to `pending` with its attempts reset, for an operator.
    /// - Throws: ``StoreError`` `not_found` for an unknown id, `invalid_transition` for a job in another state.
    func retry(id: String) async throws

    /// Lists jobs, most recently created first.
    /// - Parameters:
    ///   - states: Only jobs in these states; `nil` for all.
    ///   - limit: At most this many; `nil` for all.
    func list(states: Set<JobState>?, limit: Int?) async throws -> [JobRecord]

    /// How many jobs are in each state; every state is present, with zero when empty.
    func counts() async throws -> [JobState: Int]

    /// Pauses the whole queue, durably: ``claimNext(owner:leaseFor:)`` returns `nil` until ``resume()``.
    ///
    /// Pausing a paused queue keeps the first reason and time, which usually name the root cause.
    func pause(reason: String) async throws

    /// Resumes a paused queue; resuming a running queue does nothing.
    func resume() async throws

    /// Why and since when the queue is paused, or `nil` when it runs.
    func pauseState() async throws -> PauseState?
}

extension JobQueue {
    /// Records a failed attempt that another attempt may mend. See ``fail(id:owner:error:retryable:)``.
    public func fail(id: String, owner: String, error: String) async throws -> JobState {
        try await fail(id: id, owner: owner, error: error, retryable: true)
    }
}
