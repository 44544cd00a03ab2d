public import Foundation

/// The store's record of one scheduled job (a `[[remediate.schedule]]` entry): the last due time a replica claimed,
/// who runs it now, and how its last run ended. Ids, times and an outcome label only.
public struct ScheduledRun: Sendable, Equatable {
    /// The entry's key (``ScheduledRunStore``'s `schedule`).
    public var schedule: String
    /// The due time last claimed: a replica runs a due time only when it is later than this one.
    public var slot: Date
    /// Who runs it, while a run holds the lease.
    public var owner: String?
    /// When the running holder's lease ends unless renewed; after it a crashed holder's run counts as over.
    public var leaseExpiresAt: Date?
    /// When the last run started.
    public var startedAt: Date
    /// When the last finished run ended.
    public var finishedAt: Date?
    /// How the last finished run ended (a short label such as `succeeded`, `failed`, `stopped`, `error`).
    public var outcome: String?

    /// Creates a record.
    public init(
        schedule: String, slot: Date, owner: String? = nil, leaseExpiresAt: Date? = nil, startedAt: Date, finishedAt: Date? = nil,
        outcome: String? = nil
    ) {
        self.schedule = schedule
        self.slot = slot
        self.owner = owner
        self.leaseExpiresAt = leaseExpiresAt
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.outcome = outcome
    }

    /// Whether a run holds an unexpired lease at `now`.
    public func isRunning(at now: Date) -> Bool {
        guard owner != nil, let leaseExpiresAt else { return false }
        return leaseExpiresAt > now
    }
}

/// The answer to a claim of a due time (``ScheduledRunStore/claimScheduledRun(schedule:slot:owner:leaseFor:)``).
public enum ScheduledRunClaim: Sendable, Equatable {
    /// The caller runs it and holds the lease.
    case claimed
    /// This due time (or a later one) was claimed already, by another replica or an earlier start.
    case alreadyClaimed(slot: Date)
    /// An earlier run still holds an unexpired lease; this due time is skipped.
    case inProgress(owner: String)

    /// Decides a claim from the stored record: a pure function, so both stores decide alike and a table tests it.
    ///
    /// - Parameters:
    ///   - existing: the entry's record, if it ever ran.
    ///   - slot: the due time asked for.
    ///   - now: the store's clock.
    public static func decide(_ existing: ScheduledRun?, slot: Date, now: Date) -> ScheduledRunClaim {
        guard let existing else { return .claimed }
        if existing.slot >= slot { return .alreadyClaimed(slot: existing.slot) }
        if existing.isRunning(at: now), let owner = existing.owner { return .inProgress(owner: owner) }
        return .claimed
    }
}
