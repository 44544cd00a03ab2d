import Store

/// What a worker does when renewing the lease of the job it runs fails: a pure decision, tested as a table.
///
/// A lease that another worker took (or a job that is gone) is lost for good: the run stops. A store that did not
/// answer (PostgreSQL restarting, a network blip, a busy SQLite file) does not take the lease away — it still holds
/// until it expires — so the worker keeps trying until just before then, and a short outage costs no review.
public enum LeaseRenewalFailure: Sendable, Equatable {
    /// Try to renew again after this long.
    case retry(after: Duration)
    /// Stop the run: the lease is lost, or will have expired before another try could land.
    case giveUp

    /// Decides what to do after a failed renewal.
    ///
    /// - Parameters:
    ///   - error: what the renewal threw.
    ///   - heldFor: how much longer the lease holds, counted from before the last successful claim or renewal.
    ///   - retryInterval: how long to wait between tries.
    /// - Returns: ``retry(after:)`` while another try can land before the lease expires and the error does not say the
    ///   lease is gone; ``giveUp`` otherwise.
    public static func decide(error: any Error, heldFor: Duration, retryInterval: Duration) -> Self {
        if let store = error as? StoreError, ["lease_lost", "not_found", "invalid_transition"].contains(store.metricLabel) {
            return .giveUp
        }
        if error is CancellationError { return .giveUp }
        return heldFor > retryInterval ? .retry(after: retryInterval) : .giveUp
    }
}
