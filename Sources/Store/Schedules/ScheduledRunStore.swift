public import Foundation

/// Claims of scheduled runs shared by every replica on one store, so a due time runs once in the deployment and a
/// run still in progress is not started again (`[[remediate.schedule]]` in `warden serve`).
///
/// A claim is a lease with an expiry, as seat leases are: a replica that crashed mid-run stops blocking the entry once
/// its lease runs out, and the running replica renews it.
public protocol ScheduledRunStore: Sendable {
    /// Claims the due time `slot` of `schedule` for `owner` until now + `leaseFor`.
    ///
    /// - Parameters:
    ///   - schedule: the entry's key.
    ///   - slot: the due time; only a time later than the last claimed one can be claimed.
    ///   - owner: who runs it; unique per run, so a late finish of an expired holder changes nothing.
    ///   - leaseFor: how long the lease lasts unless renewed.
    /// - Returns: whether the caller runs it, and why not.
    /// - Throws: ``StoreError``.
    func claimScheduledRun(schedule: String, slot: Date, owner: String, leaseFor: Duration) async throws -> ScheduledRunClaim

    /// Extends the running holder's lease to now + `leaseFor`.
    ///
    /// - Throws: ``StoreError`` `lease_lost` when `owner` no longer holds the run (its lease expired and another replica
    ///   claimed a later due time).
    func renewScheduledRun(schedule: String, owner: String, leaseFor: Duration) async throws

    /// Records the end of `owner`'s run and gives the lease back; does nothing when `owner` no longer holds it.
    func finishScheduledRun(schedule: String, owner: String, outcome: String) async throws

    /// Every entry's record, for `/healthz`.
    func scheduledRuns() async throws -> [ScheduledRun]
}
