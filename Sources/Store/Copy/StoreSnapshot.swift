public import Foundation
public import WardenCore

/// Everything a store holds, as values: what `warden store copy` moves from one store to another.
///
/// Like the stores themselves it holds ids, SHAs, states, counters and timestamps only.
public struct StoreSnapshot: Sendable, Equatable {
    /// Every job, in any state.
    public var jobs: [JobRecord]
    /// The remembered `Idempotency-Key`s of deliveries, with when each was seen.
    public var deliveries: [DeliveryKey]
    /// The queue's pause, if it is paused.
    public var pause: PauseState?
    /// Every review record.
    public var reviews: [ReviewRecord]
    /// Every discussion-to-Codex-thread mapping.
    public var threads: [ThreadRecord]
    /// Every remediation record.
    public var remediations: [RemediationRecord]
    /// Every row of the Codex run ledger.
    public var codexRuns: [CodexRun]

    /// Creates a snapshot.
    public init(
        jobs: [JobRecord] = [],
        deliveries: [DeliveryKey] = [],
        pause: PauseState? = nil,
        reviews: [ReviewRecord] = [],
        threads: [ThreadRecord] = [],
        remediations: [RemediationRecord] = [],
        codexRuns: [CodexRun] = []
    ) {
        self.jobs = jobs
        self.deliveries = deliveries
        self.pause = pause
        self.reviews = reviews
        self.threads = threads
        self.remediations = remediations
        self.codexRuns = codexRuns
    }

    /// The same records in a canonical order, so snapshots of two stores compare equal when they hold the same rows.
    public var sorted: StoreSnapshot {
        StoreSnapshot(
            jobs: jobs.sorted { $0.id < $1.id },
            deliveries: deliveries.sorted { $0.key < $1.key },
            pause: pause,
            reviews: reviews.sorted {
                ($0.forge.rawValue, $0.projectID, $0.mergeRequestIID, $0.headSHA) < ($1.forge.rawValue, $1.projectID, $1.mergeRequestIID, $1.headSHA)
            },
            threads: threads.sorted { $0.discussionID < $1.discussionID },
            remediations: remediations.sorted {
                ($0.forge.rawValue, $0.projectID, $0.day, $0.findingID) < ($1.forge.rawValue, $1.projectID, $1.day, $1.findingID)
            },
            codexRuns: codexRuns.sorted {
                ($0.finishedAt, $0.system.rawValue, $0.durationSeconds) < ($1.finishedAt, $1.system.rawValue, $1.durationSeconds)
            }
        )
    }

    /// How many rows the snapshot holds in all (the pause counts as one).
    public var rowCount: Int {
        jobs.count + deliveries.count + (pause == nil ? 0 : 1) + reviews.count + threads.count + remediations.count + codexRuns.count
    }
}

/// A delivery's `Idempotency-Key` and when it was first seen.
public struct DeliveryKey: Sendable, Equatable {
    /// The key.
    public var key: String
    /// When the delivery arrived.
    public var seenAt: Date

    /// Creates a delivery key.
    public init(key: String, seenAt: Date) {
        self.key = key
        self.seenAt = seenAt
    }
}

/// Which Codex thread answers in which discussion, as the thread store keeps it.
public struct ThreadRecord: Sendable, Equatable {
    /// The forge discussion.
    public var discussionID: DiscussionID
    /// The Codex thread.
    public var codexThreadID: String
    /// The project of the merge request.
    public var projectID: ProjectID
    /// The merge request.
    public var mergeRequestIID: MergeRequestIID
    /// When the mapping was first recorded.
    public var createdAt: Date
    /// When it was last recorded or used (retention counts from here).
    public var updatedAt: Date

    /// Creates a thread record.
    public init(discussionID: DiscussionID, codexThreadID: String, projectID: ProjectID, mergeRequestIID: MergeRequestIID, createdAt: Date, updatedAt: Date) {
        self.discussionID = discussionID
        self.codexThreadID = codexThreadID
        self.projectID = projectID
        self.mergeRequestIID = mergeRequestIID
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

/// A store whose whole content can be read and written as a ``StoreSnapshot``.
public protocol StoreCopying: Sendable {
    /// Every row the store holds.
    func snapshot() async throws -> StoreSnapshot

    /// Writes the snapshot's rows in one transaction; a row whose key is already present (job id, delivery key, review
    /// head, discussion, remediation finding, the pause; for a Codex run its system, end, duration and model) is kept as
    /// it is, so restoring twice changes nothing.
    /// - Returns: How many rows were written.
    func restore(_ snapshot: StoreSnapshot) async throws -> Int
}

/// `warden store copy`: moves everything from one store to another.
public enum StoreCopier {
    /// Copies `source` into `target`.
    ///
    /// - Parameters:
    ///   - merge: Whether a target that already holds rows may receive more (its rows win on conflicts).
    /// - Returns: The rows read and the rows written (fewer when the target already had some).
    /// - Throws: ``StoreError`` `invalid_argument` when the target is not empty and `merge` is false.
    public static func copy(from source: some StoreCopying, to target: some StoreCopying, merge: Bool) async throws -> (read: Int, written: Int) {
        if !merge {
            let existing = try await target.snapshot().rowCount
            guard existing == 0 else {
                throw StoreError.invalidArgument("the target store", problem: "already holds \(existing) rows; pass --merge to add to them")
            }
        }
        let snapshot = try await source.snapshot()
        return (snapshot.rowCount, try await target.restore(snapshot))
    }
}
