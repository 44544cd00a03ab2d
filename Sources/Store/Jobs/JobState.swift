/// Where a job is in its life.
///
/// `failed` means the job failed at least once and waits for its retry time; `dead` means its attempts are exhausted
/// and only an operator (`warden queue retry`) brings it back.
public enum JobState: String, Sendable, Codable, CaseIterable {
    /// Waiting for a worker.
    case pending
    /// Claimed by a worker that holds a lease on it.
    case running
    /// Finished successfully.
    case done
    /// Failed at least once; runnable again once its `runAfter` time has passed.
    case failed
    /// Failed `maxAttempts` times; kept with its last error until an operator retries it.
    case dead
    /// Replaced by a review job for a newer head SHA of the same merge request before it ran.
    case superseded
}
