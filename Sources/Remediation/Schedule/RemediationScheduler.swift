public import Foundation
public import Logging
public import ServiceLifecycle
public import Store
public import WardenCore

/// Runs the `[[remediate.schedule]]` entries inside `warden serve`: each entry sleeps until its next due time (UTC),
/// claims it in the store, runs `warden remediate`'s pipeline for its repository and source, and computes the next.
///
/// No double runs: each entry has one loop, so a process never runs an entry twice at once, and the store's claim
/// (``ScheduledRunStore``) lets one replica run a due time and none start it while an earlier run holds its lease.
/// Due times that pass during a run, or while no `warden serve` was up, are not made up: the next run is the first due
/// time after the previous run ends (or after start-up), so an outage never causes a burst of runs.
public struct RemediationScheduler: Service, ScheduledJobReporting {
    /// One entry and how to run it: the same composition `warden remediate` uses for its repository and source.
    public struct Job: Sendable {
        /// The entry.
        public let entry: ScheduledRemediation
        /// Runs it once.
        public let run: @Sendable () async throws -> RemediationReport

        /// Creates a job.
        public init(entry: ScheduledRemediation, run: @escaping @Sendable () async throws -> RemediationReport) {
            self.entry = entry
            self.run = run
        }
    }

    private let jobs: [Job]
    private let store: any ScheduledRunStore
    private let holder: String
    private let lease: Duration
    private let now: @Sendable () -> Date
    private let sleep: @Sendable (Duration) async throws -> Void
    private let logger: Logger

    /// Creates the scheduler.
    ///
    /// - Parameters:
    ///   - jobs: the configured entries, each with its run.
    ///   - store: where due times are claimed, shared with the other replicas.
    ///   - holder: this process's name in the claims (host and process id).
    ///   - lease: how long a claim lasts unless renewed (renewed every third of it while the run goes on).
    ///   - now: the clock due times are compared with.
    ///   - sleep: waits; tests pass one that returns at once.
    ///   - logger: the `warden.remediate` logger.
    public init(
        jobs: [Job],
        store: any ScheduledRunStore,
        holder: String,
        lease: Duration = .seconds(300),
        now: @escaping @Sendable () -> Date = { Date() },
        sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) },
        logger: Logger = Logger(label: "warden.remediate")
    ) {
        self.jobs = jobs
        self.store = store
        self.holder = holder
        self.lease = lease
        self.now = now
        self.sleep = sleep
        self.logger = logger
    }

    /// Runs every entry's loop until `warden serve` shuts down; a run in progress is then cancelled.
    public func run() async throws {
        await cancelWhenGracefulShutdown {
            await withTaskGroup(of: Void.self) { group in
                for job in jobs {
                    group.addTask { await loop(job) }
                }
            }
        }
    }

    /// The entries with their next due time and the store's record of their last run.
    public func scheduledJobs() async -> [ScheduledJobStatus] {
        let current = now()
        let records: [String: ScheduledRun]
        do {
            records = Dictionary(try await store.scheduledRuns().map { ($0.schedule, $0) }) { first, _ in first }
        } catch {
            logger.warning("scheduled runs unreadable", metadata: ["error": "\(error)"])
            records = [:]
        }
        return jobs.map(\.entry).map { entry in
            let record = records[entry.key]
            return ScheduledJobStatus(
                repo: entry.repo,
                source: entry.source.description,
                cron: entry.cron.description,
                nextRun: entry.cron.nextRun(after: current).map(Self.timestamp),
                running: record?.isRunning(at: current) ?? false,
                lastStartedAt: record.map { Self.timestamp($0.startedAt) },
                lastFinishedAt: record?.finishedAt.map(Self.timestamp),
                lastOutcome: record?.outcome
            )
        }
    }

    /// One entry: sleep until due, run, repeat.
    private func loop(_ job: Job) async {
        let entry = job.entry
        var after = now()
        while !Task.isCancelled {
            guard let due = entry.cron.nextRun(after: after) else {
                logger.warning("scheduled remediation never runs: its cron matches no date", metadata: ["schedule": "\(entry.key)"])
                return
            }
            logger.info("scheduled remediation next run", metadata: ["schedule": "\(entry.key)", "due": "\(Self.timestamp(due))"])
            do {
                try await wait(until: due)
            } catch {
                return
            }
            await runOnce(job, slot: due)
            after = max(due, now())
        }
    }

    /// Waits until `date` on the wall clock, in steps of at most a minute so a clock that jumps is noticed.
    private func wait(until date: Date) async throws {
        while true {
            let remaining = date.timeIntervalSince(now())
            if remaining <= 0 { return }
            try await sleep(.milliseconds(Int64(min(remaining, 60) * 1000)))
        }
    }

    /// Claims the due time and, when this replica got it, runs the entry while renewing the claim.
    private func runOnce(_ job: Job, slot: Date) async {
        let entry = job.entry
        let owner = "\(holder)-\(UUID().uuidString.prefix(8))"
        let metadata: Logger.Metadata = ["schedule": "\(entry.key)", "due": "\(Self.timestamp(slot))"]
        let claim: ScheduledRunClaim
        do {
            claim = try await store.claimScheduledRun(schedule: entry.key, slot: slot, owner: owner, leaseFor: lease)
        } catch {
            // Without a claim another replica could run it too, so this due time is skipped.
            logger.error("scheduled remediation skipped: the store could not claim it", metadata: metadata.merging(["error": "\(error)"]) { $1 })
            return
        }
        switch claim {
        case .alreadyClaimed:
            logger.info("scheduled remediation run by another replica", metadata: metadata)
            return
        case .inProgress(let other):
            logger.warning("scheduled remediation skipped: the previous run is still in progress", metadata: metadata.merging(["holder": "\(other)"]) { $1 })
            return
        case .claimed:
            break
        }
        logger.info("scheduled remediation started", metadata: metadata)
        let outcome = await runHoldingClaim(job, owner: owner, metadata: metadata)
        logger.info("scheduled remediation finished", metadata: metadata.merging(["outcome": "\(outcome.rawValue)"]) { $1 })
        do {
            try await store.finishScheduledRun(schedule: entry.key, owner: owner, outcome: outcome.rawValue)
        } catch {
            logger.error("scheduled remediation's end not recorded", metadata: metadata.merging(["error": "\(error)"]) { $1 })
        }
    }

    /// Runs the entry with a renewal of the claim beside it; a claim lost to another replica cancels the run.
    private func runHoldingClaim(_ job: Job, owner: String, metadata: Logger.Metadata) async -> ScheduledRunOutcome {
        let (lease, store, sleep, logger, key) = (self.lease, self.store, self.sleep, self.logger, job.entry.key)
        return await withTaskGroup(of: ScheduledRunOutcome?.self) { group in
            group.addTask {
                do {
                    return ScheduledRunOutcome(try await job.run())
                } catch is CancellationError {
                    return .cancelled
                } catch {
                    logger.error("scheduled remediation failed", metadata: metadata.merging(["error": "\(error)"]) { $1 })
                    return Task.isCancelled ? .cancelled : .error
                }
            }
            group.addTask {
                while true {
                    do {
                        try await sleep(lease / 3)
                        try await store.renewScheduledRun(schedule: key, owner: owner, leaseFor: lease)
                    } catch let error as StoreError where error.isLeaseLost {
                        logger.error("scheduled remediation lost its claim; cancelling the run", metadata: metadata)
                        return .cancelled
                    } catch is CancellationError {
                        return nil
                    } catch {
                        // The store is unreachable for now: the lease has two more thirds to go.
                        logger.warning("scheduled remediation's claim not renewed", metadata: metadata.merging(["error": "\(error)"]) { $1 })
                    }
                }
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first ?? .cancelled
        }
    }

    private static func timestamp(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle())
    }
}
