import Foundation
import Git
public import Logging
import WardenCore
import WardenTestSupport

/// Measures what the bare-clone cache saves: a job's worktree from a warm cache (incremental fetch
/// of one new commit, then `git worktree add`; and, for retries and follow-ups, a commit already
/// cached), and a pooled worktree moved to the next commit, against a fresh clone per job, over `file://` so all go through the pack protocol
/// without a network in the way.
public struct WorktreeBenchmark: Sendable {
    /// What to measure.
    public struct Parameters: Sendable {
        /// Commits in the synthetic repository.
        public var commits: Int
        /// Files in its tree.
        public var files: Int
        /// Measured runs of each kind (the median is reported).
        public var runs: Int
        /// Where the repository, caches and worktrees are created.
        public var dataDirectory: String

        /// Creates parameters.
        public init(commits: Int = 3000, files: Int = 300, runs: Int = 5, dataDirectory: String) {
            self.commits = commits
            self.files = files
            self.runs = runs
            self.dataDirectory = dataDirectory
        }
    }

    /// The measurements.
    public struct Report: Sendable, Codable {
        /// Commits in the repository.
        public let commits: Int
        /// Files in its tree.
        public let files: Int
        /// Size of the source repository's objects, in bytes.
        public let repositoryBytes: Int
        /// Seconds per warm-cache worktree, one per run.
        public let warmSeconds: [Double]
        /// Seconds per fresh clone plus worktree, one per run.
        public let freshSeconds: [Double]
        /// Seconds per worktree of a commit the warm cache already holds (no fetch), one per run.
        public let cachedSeconds: [Double]
        /// Seconds per pooled worktree moved to the next commit (fetch of one new commit, clean-up and checkout of
        /// what changed), one per run.
        public let pooledSeconds: [Double]

        /// The median warm-cache time.
        public var warmMedian: Double { Self.median(warmSeconds) }
        /// The median fresh-clone time.
        public var freshMedian: Double { Self.median(freshSeconds) }
        /// The median time for a commit already cached.
        public var cachedMedian: Double { Self.median(cachedSeconds) }
        /// The median pooled-checkout time.
        public var pooledMedian: Double { Self.median(pooledSeconds) }
        /// How many times faster the warm cache (with its fetch) is than a fresh clone.
        public var speedup: Double { warmMedian > 0 ? freshMedian / warmMedian : 0 }
        /// How many times faster a pooled checkout (with its fetch) is than a fresh clone.
        public var pooledSpeedup: Double { pooledMedian > 0 ? freshMedian / pooledMedian : 0 }
        /// How many times faster a pooled checkout is than a warm `worktree add`, both with their fetch.
        public var pooledOverWarm: Double { pooledMedian > 0 ? warmMedian / pooledMedian : 0 }

        /// The report as a Markdown table.
        public var markdown: String {
            func ms(_ seconds: Double) -> String { String(format: "%.1f ms", seconds * 1000) }
            return """
                Repository: \(commits) commits, \(files) files, \(repositoryBytes / 1024) KiB of objects (file:// URL).

                | worktree for a job | median | min | max | runs |
                |---|---:|---:|---:|---:|
                | fresh clone (`git clone --bare` + `worktree add`) | \(ms(freshMedian)) | \(ms(freshSeconds.min() ?? 0)) | \(ms(freshSeconds.max() ?? 0)) | \(freshSeconds.count) |
                | warm cache (fetch of one new commit + `worktree add`) | \(ms(warmMedian)) | \(ms(warmSeconds.min() ?? 0)) | \(ms(warmSeconds.max() ?? 0)) | \(warmSeconds.count) |
                | warm cache, commit already cached (`worktree add` only) | \(ms(cachedMedian)) | \(ms(cachedSeconds.min() ?? 0)) | \(ms(cachedSeconds.max() ?? 0)) | \(cachedSeconds.count) |
                | pooled worktree (fetch of one new commit + clean + checkout of what changed) | \(ms(pooledMedian)) | \(ms(pooledSeconds.min() ?? 0)) | \(ms(pooledSeconds.max() ?? 0)) | \(pooledSeconds.count) |

                Warm cache with its fetch is **\(String(format: "%.1f", speedup))×** faster than a fresh clone \
                (\(String(format: "%.1f", cachedMedian > 0 ? freshMedian / cachedMedian : 0))× when the commit is already cached); \
                a pooled worktree is **\(String(format: "%.1f", pooledSpeedup))×** faster than a fresh clone and \
                **\(String(format: "%.1f", pooledOverWarm))×** faster than a warm `worktree add`.
                """
        }

        /// The middle value of `values` (the mean of the two middle ones for an even count); 0 when empty.
        static func median(_ values: [Double]) -> Double {
            let sorted = values.sorted()
            guard !sorted.isEmpty else { return 0 }
            let middle = sorted.count / 2
            return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
        }
    }

    /// What to measure.
    public let parameters: Parameters
    private let logger: Logger

    /// Creates the benchmark.
    public init(parameters: Parameters, logger: Logger) {
        self.parameters = parameters
        self.logger = logger
    }

    /// Builds the repository, then measures both ways of getting a worktree.
    /// - Throws: `GitError` when the cache fails; WardenTestSupport's `TestSupportError` when the synthetic repository
    ///   cannot be built.
    public func run() async throws -> Report {
        let root = parameters.dataDirectory
        let source = try await TestRepository.create(in: root + "/bench-source", name: "source.git")
        let history = SyntheticHistory(commits: parameters.commits, files: parameters.files)
        logger.info("building the benchmark repository", metadata: ["commits": "\(parameters.commits)"])
        try await source.importHistory(history.fastImportStream(ref: "refs/heads/main"))
        let url = "file://" + source.path
        let clock = ContinuousClock()

        var fresh: [Double] = []
        for run in 0..<parameters.runs {
            let sha = try await addCommit(to: source, number: run)
            let cache = RepositoryCache(root: root + "/fresh-\(run)", logger: logger)
            let start = clock.now
            let worktree = try await cache.prepareWorktree(
                project: 1,
                remoteURL: url,
                credential: nil,
                sha: sha,
                fetchRefs: ["refs/heads/main"],
                name: "job"
            )
            fresh.append((clock.now - start).inSeconds)
            try await worktree.remove()
            try? FileManager.default.removeItem(atPath: root + "/fresh-\(run)")
        }

        let cache = RepositoryCache(root: root + "/warm", logger: logger)
        let primed = try await addCommit(to: source, number: parameters.runs)
        try await cache.prepareWorktree(project: 1, remoteURL: url, credential: nil, sha: primed, fetchRefs: ["refs/heads/main"], name: "prime")
            .remove()
        var warm: [Double] = []
        for run in 0..<parameters.runs {
            let sha = try await addCommit(to: source, number: parameters.runs + 1 + run)
            let start = clock.now
            let worktree = try await cache.prepareWorktree(
                project: 1,
                remoteURL: url,
                credential: nil,
                sha: sha,
                fetchRefs: ["refs/heads/main"],
                name: "job-\(run)"
            )
            warm.append((clock.now - start).inSeconds)
            try await worktree.remove()
        }
        guard let cachedHead = try await source.tip(of: "refs/heads/main") else {
            throw BenchmarkFailure(message: "the synthetic repository has no main branch")
        }
        var cached: [Double] = []
        for run in 0..<parameters.runs {
            let start = clock.now
            let worktree = try await cache.prepareWorktree(
                project: 1,
                remoteURL: url,
                credential: nil,
                sha: cachedHead,
                fetchRefs: ["refs/heads/main"],
                name: "retry-\(run)"
            )
            cached.append((clock.now - start).inSeconds)
            try await worktree.remove()
        }

        let pool = RepositoryCache(root: root + "/pool", worktreePool: 1, logger: logger)
        try await pool.returnWorktree(
            pool.leaseWorktree(project: 1, remoteURL: url, credential: nil, sha: cachedHead, fetchRefs: ["refs/heads/main"])
        )
        var pooled: [Double] = []
        for run in 0..<parameters.runs {
            let sha = try await addCommit(to: source, number: 2 * parameters.runs + 1 + run)
            let start = clock.now
            let worktree = try await pool.leaseWorktree(project: 1, remoteURL: url, credential: nil, sha: sha, fetchRefs: ["refs/heads/main"])
            pooled.append((clock.now - start).inSeconds)
            guard worktree.isPooled else { throw BenchmarkFailure(message: "the pool handed out a temporary worktree") }
            try await pool.returnWorktree(worktree)
        }

        return Report(
            commits: parameters.commits,
            files: parameters.files,
            repositoryBytes: try await source.packedBytes(),
            warmSeconds: warm,
            freshSeconds: fresh,
            cachedSeconds: cached,
            pooledSeconds: pooled
        )
    }

    /// Adds one commit on `main` of the source repository (a new head for the next job).
    private func addCommit(to source: TestRepository, number: Int) async throws -> String {
        try await source.commit(on: "main", files: ["JOB.txt": "job \(number)\n"], message: "Job \(number)\n")
    }
}
