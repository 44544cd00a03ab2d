import Codex
import Forge
import Foundation
import Logging
public import ServiceLifecycle
public import Store
import WardenCore

/// Drains the job queue: one job at a time, one worker per Codex seat.
///
/// For each job: claim it with a lease, renew the lease while it runs, run the review or the follow-up, then
/// complete it. Failures follow the failure policy: refused credentials pause the queue (the status note says so)
/// and put the job back, untouched, for `warden queue resume`; other failures count an attempt, and a job out of
/// attempts says "review failed" in its status note. A cancelled run (shutdown, lost lease) leaves the job to its
/// lease, so another worker picks it up; publishing is idempotent, so nothing is posted twice.
///
/// A usage limit of the Codex seat is no fault of the job: the seat is held in the store until the limit resets (plus a
/// margin; with no reset time, a backoff that doubles up to an hour), the job goes back to `pending` without spending
/// an attempt, its status note says when work resumes, and no worker of any replica claims a job until the hold ends.
/// A usage window at or above `100 - codex.reserve_percent` % holds the seat the same way before a job is claimed.
public struct ReviewWorker: Service {
    /// How the worker polls and holds jobs.
    public struct Settings: Sendable {
        /// The worker's name in the queue (`lease_owner`); unique per worker.
        public var name: String
        /// How long a claim holds without renewal.
        public var lease: Duration
        /// How long to wait when the queue is empty or paused, unless a job enqueued in this process
        /// wakes the worker sooner.
        public var pollInterval: Duration

        /// Creates settings.
        public init(name: String, lease: Duration = .seconds(600), pollInterval: Duration = .milliseconds(250)) {
            self.name = name
            self.lease = lease
            self.pollInterval = pollInterval
        }

        /// How often the lease is renewed: three times per lease, so one slow renewal does not lose it.
        var renewalInterval: Duration { lease / 3 }
        /// How soon a failed renewal is tried again while the lease still holds (``LeaseRenewalFailure``).
        var renewalRetryInterval: Duration { min(.seconds(1), renewalInterval) }
    }

    let queue: any JobQueue
    let dependencies: ReviewDependencies
    let settings: Settings
    let wakeUp: QueueWakeUp
    let budget: CostBudget?
    private let budgetLog = BudgetHoldLog()

    /// Creates a worker.
    ///
    /// - Parameters:
    ///   - queue: the durable queue.
    ///   - dependencies: forge, git cache, Codex and stores.
    ///   - settings: name, lease and poll interval.
    ///   - wakeUp: ends an idle wait when the webhook receiver of this process enqueues a job.
    ///   - budget: the review budget; while it is spent no job is claimed (jobs stay pending, no attempt spent).
    public init(
        queue: any JobQueue,
        dependencies: ReviewDependencies,
        settings: Settings,
        wakeUp: QueueWakeUp = QueueWakeUp(),
        budget: CostBudget? = nil
    ) {
        self.queue = queue
        self.dependencies = dependencies
        self.settings = settings
        self.wakeUp = wakeUp
        self.budget = budget
    }

    private var logger: Logger { dependencies.logger }

    /// Claims and runs jobs until cancelled or shut down gracefully (the job in hand is finished first).
    public func run() async throws {
        logger.info("review worker started", metadata: ["worker": "\(settings.name)"])
        while !Task.isCancelled, !Task.isShuttingDownGracefully {
            let worked: Bool
            let seen = wakeUp.generation
            do {
                worked = try await runNextJob()
            } catch {
                logger.error("the queue could not be read", metadata: ["worker": "\(settings.name)", "error": "\(error)"])
                worked = false
            }
            if !worked {
                let interval = settings.pollInterval
                await cancelWhenGracefulShutdown { await wakeUp.wait(after: seen, atMost: interval) }
            }
        }
        logger.info("review worker stopped", metadata: ["worker": "\(settings.name)"])
    }

    /// Claims the next job and runs it to its end; claims nothing while the review budget is spent or the
    /// Codex seat is held.
    ///
    /// - Returns: whether there was a job.
    /// - Throws: `StoreError` when the queue or the run ledger cannot be read.
    @discardableResult
    public func runNextJob() async throws -> Bool {
        let budgetHold = try await budget?.hold(for: .review)
        budgetLog.note(budgetHold, worker: settings.name, logger: logger)
        guard budgetHold == nil else { return false }
        if let hold = try await dependencies.seatHolds?.active() {
            logger.debug("the Codex seat is held; no job is claimed", metadata: ["until": "\(hold.until)", "reason": "\(hold.reason)"])
            return false
        }
        if let holds = dependencies.seatHolds, let monitor = dependencies.rateLimits, let window = await monitor.blockingWindow() {
            let reason = RateLimitReserve.reason(window, reservePercent: monitor.reservePercent)
            let hold = try await holds.hold(resetsAt: window.resetsAt, reason: reason)
            logger.warning("a usage window is within the reserve; holding the Codex seat", metadata: ["until": "\(hold.until)", "reason": "\(reason)"])
            return false
        }
        let claimStarted = ContinuousClock.now
        guard let job = try await queue.claimNext(owner: settings.name, leaseFor: settings.lease) else { return false }
        logger.info("job claimed", metadata: ["job": "\(job.id)", "attempt": "\(job.attempts)", "worker": "\(settings.name)"])
        switch await runHoldingLease(job, heldUntil: claimStarted + settings.lease) {
        case .completed:
            try await queue.complete(id: job.id, owner: settings.name)
            logger.info("job done", metadata: ["job": "\(job.id)"])
            try await dependencies.seatHolds?.runCompleted()
        case .leaseLost(let error):
            logger.warning("job abandoned: its lease was lost", metadata: ["job": "\(job.id)", "error": "\(error)"])
        case .failed(let error):
            try await handle(JobFailure(error), of: job)
        }
        return true
    }

    // MARK: Running

    private enum Run: Sendable {
        case completed
        case failed(any Error)
        case leaseLost(any Error)
    }

    /// Runs the job while a sibling task renews its lease; a lost lease cancels the run. A renewal the store could not
    /// answer is tried again while the lease still holds (`heldUntil`, counted from before the claim).
    private func runHoldingLease(_ job: JobRecord, heldUntil claimedUntil: ContinuousClock.Instant) async -> Run {
        await withTaskGroup(of: Run?.self) { group in
            group.addTask {
                do {
                    try await execute(job)
                    return .completed
                } catch {
                    return .failed(error)
                }
            }
            group.addTask {
                var heldUntil = claimedUntil
                var wait = settings.renewalInterval
                while true {
                    do {
                        try await Task.sleep(for: wait)
                    } catch {
                        return nil
                    }
                    let attempt = ContinuousClock.now
                    do {
                        try await queue.renewLease(id: job.id, owner: settings.name, leaseFor: settings.lease)
                        heldUntil = attempt + settings.lease
                        wait = settings.renewalInterval
                    } catch {
                        let left = heldUntil - ContinuousClock.now
                        switch LeaseRenewalFailure.decide(error: error, heldFor: left, retryInterval: settings.renewalRetryInterval) {
                        case .retry(let after):
                            logger.warning(
                                "lease renewal failed; trying again while the lease holds",
                                metadata: ["job": "\(job.id)", "holds_for": "\(left)", "error": "\(error)"]
                            )
                            wait = after
                        case .giveUp:
                            return .leaseLost(error)
                        }
                    }
                }
            }
            var outcome: Run = .failed(CancellationError())
            while let next = await group.next() {
                guard let next else { continue }
                outcome = next
                group.cancelAll()
                break
            }
            return outcome
        }
    }

    /// The dependencies of one job on its forge: the process's for GitLab, GitHub's connector bound to the job's
    /// repository for GitHub.
    ///
    /// - Throws: ``ForgeError`` (forbidden, so the job fails for good) when the job's forge is not configured here or
    ///   the job names no repository; what the connector throws.
    private func dependencies(for job: JobRecord) async throws -> ReviewDependencies {
        switch job.forge {
        case .gitlab:
            return dependencies
        case .github:
            guard let connector = dependencies.github else {
                throw ForgeError.forbidden(
                    operation: "job \(job.id)", message: "GitHub is not configured on this replica; set github.bot_login and its credentials"
                )
            }
            guard let name = job.repository, let repository = GitHubRepositoryRef(fullName: name, installationID: job.installationID) else {
                throw ForgeError.forbidden(operation: "job \(job.id)", message: "the job names no GitHub repository")
            }
            return try await connector.dependencies(from: dependencies, repository: repository, repositoryID: job.projectID)
        }
    }

    private func execute(_ job: JobRecord) async throws {
        let dependencies = try await dependencies(for: job)
        switch job.kind {
        case .review:
            let report = try await MergeRequestReviewer(dependencies: dependencies).review(
                MergeRequestReviewer.Request(projectID: job.projectID, iid: job.mergeRequestIID)
            )
            if let skipped = report.skipped {
                logger.info("review skipped", metadata: ["job": "\(job.id)", "reason": "\(skipped)"])
            }
        case .note:
            guard let noteID = job.noteID else {
                logger.error("note job without a note id; dropping it", metadata: ["job": "\(job.id)"])
                return
            }
            _ = try await FollowUpResponder(dependencies: dependencies).answer(
                FollowUpResponder.Request(
                    projectID: job.projectID,
                    iid: job.mergeRequestIID,
                    noteID: noteID,
                    discussionID: job.discussionID,
                    position: job.position
                )
            )
        }
    }

    // MARK: Failure policy

    private func handle(_ failure: JobFailure, of job: JobRecord) async throws {
        switch failure {
        case .abandoned:
            logger.warning("job interrupted; its lease will let another worker take it", metadata: ["job": "\(job.id)"])
        case .credentials(let reason):
            logger.error("credentials refused; pausing the queue", metadata: ["job": "\(job.id)", "reason": "\(reason)"])
            if job.kind == .review {
                await writeStatus(of: job) { StatusNote.paused(reason: reason, previous: $0) }
            }
            try await queue.pause(reason: reason)
            // Put the job back as it was: a paused queue keeps it pending until `warden queue resume`.
            _ = try await queue.fail(id: job.id, owner: settings.name, error: reason)
            try await queue.retry(id: job.id)
        case .usageLimit(let resetsAt, let reason):
            guard let holds = dependencies.seatHolds else {
                try await handle(.attempt(reason: reason, publicReason: reason), of: job)
                return
            }
            let hold = try await holds.hold(resetsAt: resetsAt, reason: reason)
            logger.warning(
                "the Codex seat hit a usage limit; holding it and putting the job back",
                metadata: ["job": "\(job.id)", "until": "\(hold.until)", "reason": "\(reason)"]
            )
            try await queue.release(id: job.id, owner: settings.name, runAfter: hold.until, reason: "\(reason); held until \(hold.until)")
            if job.kind == .review {
                await writeStatus(of: job) { StatusNote.waitingForUsageLimit(until: hold.until, now: Date(), previous: $0) }
            }
        case .refused(let reason):
            logger.error("the forge forbade this job; it fails for good", metadata: ["job": "\(job.id)", "reason": "\(reason)"])
            _ = try await queue.fail(id: job.id, owner: settings.name, error: reason, retryable: false)
            if job.kind == .review {
                await writeStatus(of: job) { StatusNote.failed(reason: reason, previous: $0) }
                await recordFailedReview(job)
            }
        case .attempt(let reason, let publicReason):
            let state = try await queue.fail(id: job.id, owner: settings.name, error: reason)
            if state == .superseded {
                logger.notice("job attempt failed; a newer head of its merge request replaces it", metadata: ["job": "\(job.id)", "reason": "\(reason)"])
                return
            }
            guard state == .dead else {
                logger.warning(
                    "job attempt failed; it will be retried",
                    metadata: ["job": "\(job.id)", "attempt": "\(job.attempts)", "reason": "\(reason)"]
                )
                return
            }
            logger.error("job failed for good", metadata: ["job": "\(job.id)", "attempts": "\(job.attempts)", "reason": "\(reason)"])
            if job.kind == .review {
                await writeStatus(of: job) { StatusNote.failed(reason: publicReason, previous: $0) }
                await recordFailedReview(job)
            }
        }
    }

    /// Writes the status note of the job's merge request; a failure is logged (the forge may be what failed).
    private func writeStatus(of job: JobRecord, _ body: (StatusMarker?) -> String) async {
        do {
            let dependencies = try await dependencies(for: job)
            let writer = StatusNoteWriter(forge: dependencies.forge, bot: dependencies.bot)
            try await writer.replace(project: .id(job.projectID), iid: job.mergeRequestIID, body: body)
        } catch {
            logger.error("the status note could not be updated", metadata: ["job": "\(job.id)", "error": "\(error)"])
        }
    }

    private func recordFailedReview(_ job: JobRecord) async {
        guard let headSHA = job.headSHA else { return }
        do {
            try await dependencies.reviews.record(
                ReviewRecord(forge: job.forge, projectID: job.projectID, mergeRequestIID: job.mergeRequestIID, headSHA: headSHA, state: .failed)
            )
        } catch {
            logger.error("the failed review could not be recorded", metadata: ["job": "\(job.id)", "error": "\(error)"])
        }
    }
}
