public import Store
import Synchronization
import WardenCore

/// `warden bench queue`: how fast a store's queue takes jobs in and hands them out, the way replicas use it.
///
/// Phase one enqueues `jobs` review jobs from concurrent clients (each an own handle, like webhook receivers); phase
/// two drains them with `workers` workers, each on its own store handle (for PostgreSQL its own pool, like a replica),
/// claiming and completing until the queue is empty. Every claimed id is recorded: a double claim is a bug.
public struct QueueBenchmark: Sendable {
    /// What to run.
    public struct Parameters: Sendable {
        /// Jobs to enqueue and drain.
        public var jobs: Int
        /// Concurrent workers draining the queue.
        public var workers: Int
        /// Concurrent enqueuing clients.
        public var enqueuers: Int

        /// Creates parameters.
        public init(jobs: Int, workers: Int, enqueuers: Int = 16) {
            self.jobs = jobs
            self.workers = workers
            self.enqueuers = enqueuers
        }
    }

    /// What the benchmark measured.
    public struct Report: Sendable, Codable, Equatable {
        /// Enqueue latency and throughput.
        public var enqueue: LatencySummary
        /// Claim latency, and claims per second over the whole drain.
        public var claim: LatencySummary
        /// Jobs claimed more than once (must be 0).
        public var doubleClaims: Int
        /// Jobs `done` after the drain (must equal the jobs enqueued).
        public var jobsDone: Int
    }

    private let parameters: Parameters
    private let openStore: @Sendable () throws -> any JobQueue

    /// Creates the benchmark.
    /// - Parameters:
    ///   - parameters: Jobs, workers, enqueuers.
    ///   - openStore: Opens a new handle on one empty store; called once per client and worker.
    public init(parameters: Parameters, openStore: @escaping @Sendable () throws -> any JobQueue) {
        self.parameters = parameters
        self.openStore = openStore
    }

    /// Runs both phases and checks the queue afterwards.
    /// - Throws: the store's errors.
    public func run() async throws -> Report {
        let parameters = self.parameters
        let enqueueStart = ContinuousClock.now
        let enqueueLatencies = try await withThrowingTaskGroup(of: [Duration].self) { group in
            for client in 0..<parameters.enqueuers {
                let store = try openStore()
                group.addTask {
                    var latencies: [Duration] = []
                    for index in stride(from: client, to: parameters.jobs, by: parameters.enqueuers) {
                        let started = ContinuousClock.now
                        _ = try await store.enqueue(.review(projectID: 1, mergeRequestIID: index, headSHA: "bench"), idempotencyKey: "bench-\(index)")
                        latencies.append(ContinuousClock.now - started)
                    }
                    return latencies
                }
            }
            return try await group.reduce(into: []) { $0 += $1 }
        }
        let enqueueElapsed = ContinuousClock.now - enqueueStart

        let claimed = ClaimLedger()
        let claimStart = ContinuousClock.now
        let claimLatencies = try await withThrowingTaskGroup(of: [Duration].self) { group in
            for worker in 0..<parameters.workers {
                let store = try openStore()
                group.addTask {
                    var latencies: [Duration] = []
                    while true {
                        let started = ContinuousClock.now
                        guard let job = try await store.claimNext(owner: "bench-\(worker)", leaseFor: .seconds(600)) else { break }
                        latencies.append(ContinuousClock.now - started)
                        claimed.record(job.id)
                        try await store.complete(id: job.id, owner: "bench-\(worker)")
                    }
                    return latencies
                }
            }
            return try await group.reduce(into: []) { $0 += $1 }
        }
        let claimElapsed = ContinuousClock.now - claimStart
        let doubleClaims = claimed.doubleClaims
        let done = try await openStore().counts()[.done] ?? 0
        return Report(
            enqueue: LatencySummary(enqueueLatencies, elapsed: enqueueElapsed),
            claim: LatencySummary(claimLatencies, elapsed: claimElapsed),
            doubleClaims: doubleClaims,
            jobsDone: done
        )
    }

    /// The report as Markdown for BENCHMARKS.md.
    public static func markdown(_ report: Report, store: String, parameters: Parameters) -> String {
        func row(_ name: String, _ summary: LatencySummary) -> String {
            "| \(name) | \(summary.count) | \(Int((summary.perSecond ?? 0).rounded())) | \(rounded(summary.p50Milliseconds)) | "
                + "\(rounded(summary.p99Milliseconds)) | \(rounded(summary.maxMilliseconds)) |"
        }
        return """
            queue on \(store): \(parameters.jobs) jobs, \(parameters.enqueuers) enqueuers, \(parameters.workers) workers (one store handle each)

            | phase | operations | per second | p50 ms | p99 ms | max ms |
            |---|---|---|---|---|---|
            \(row("enqueue", report.enqueue))
            \(row("claim (drain, claim + complete)", report.claim))

            double claims: \(report.doubleClaims); jobs done: \(report.jobsDone) of \(parameters.jobs)
            """
    }

    private static func rounded(_ value: Double) -> String {
        String((value * 100).rounded() / 100)
    }
}

/// Every id the workers claimed, shared between them.
private final class ClaimLedger: Sendable {
    private let claims = Mutex<[String: Int]>([:])

    /// Counts one claim of `id`.
    func record(_ id: String) {
        claims.withLock { $0[id, default: 0] += 1 }
    }

    /// How many ids were claimed more than once.
    var doubleClaims: Int {
        claims.withLock { $0.values.filter { $0 > 1 }.count }
    }
}
