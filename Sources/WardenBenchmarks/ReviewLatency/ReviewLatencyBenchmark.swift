import AsyncHTTPClient
import Codex
import Forge
import Foundation
import Git
import Hummingbird
public import Logging
import NIOCore
import NIOHTTP1
import ReviewBot
import ServiceLifecycle
import Store
import WardenCore
import WardenTestSupport

/// Measures how long a review takes to reach the model: from a merge request webhook posted to `warden serve` to
/// the first `POST /v1/responses` codex sends, with the repository already in the worktree cache.
///
/// Everything runs on loopback: the real server and worker, the real codex binary, the repository cloned with
/// `file://` from a local git repository (its `HEAD~1..HEAD` is the merge request), a small stand-in for GitLab's REST
/// API, and WardenTestSupport's scripted model server, which answers every request with 400 so codex stops at once;
/// the clock stops when that request arrives. The first review clones (cold); the rest are warm.
///
/// The same run measures a baseline on the same stand-ins: `codex exec --json` spawned directly (same binary,
/// arguments, `CODEX_HOME` and prompt as the reviews, in a worktree of the same commit), from the spawn to its first
/// model request. Warm reviews and baseline spawns alternate, each pair in the opposite order of the last, so drift
/// on a busy machine weighs on both alike.
public struct ReviewLatencyBenchmark: Sendable {
    /// What to run.
    public struct Parameters: Sendable {
        /// Measured reviews after the cold one.
        public var reviews: Int
        /// The local git repository the merge request is taken from.
        public var repositoryPath: String
        /// The codex binary.
        public var codexBinary: String
        /// The scratch directory (store, cache, codex home); removed by the caller.
        public var dataDirectory: String

        /// Creates parameters.
        public init(reviews: Int, repositoryPath: String, codexBinary: String, dataDirectory: String) {
            self.reviews = reviews
            self.repositoryPath = repositoryPath
            self.codexBinary = codexBinary
            self.dataDirectory = dataDirectory
        }
    }

    /// The figures.
    public struct Report: Sendable, Codable {
        /// The first review's latency, which includes the clone, in milliseconds.
        public var coldMilliseconds: Double
        /// The warm reviews' latencies: webhook to the first model request.
        public var warm: LatencySummary
        /// The baseline's latencies: `codex exec --json` spawned directly, spawn to the first model request.
        public var baseline: LatencySummary
        /// The prompt's size in bytes, the same for the reviews and the baseline.
        public var promptBytes: Int
        /// What Warden adds to a warm review: warm p50 − baseline p50, in milliseconds.
        public var addedMilliseconds: Double
        /// Warm p50 as a multiple of baseline p50 (0 when the baseline is 0).
        public var ratio: Double

        /// Creates a report; the added time and the ratio are computed from the two p50s.
        public init(coldMilliseconds: Double, warm: LatencySummary, baseline: LatencySummary, promptBytes: Int) {
            self.coldMilliseconds = coldMilliseconds
            self.warm = warm
            self.baseline = baseline
            self.promptBytes = promptBytes
            addedMilliseconds = warm.p50Milliseconds - baseline.p50Milliseconds
            ratio = baseline.p50Milliseconds > 0 ? warm.p50Milliseconds / baseline.p50Milliseconds : 0
        }
    }

    private let parameters: Parameters
    private let logger: Logger

    /// Creates a benchmark.
    public init(parameters: Parameters, logger: Logger) {
        self.parameters = parameters
        self.logger = logger
    }

    /// Runs one cold review, then `reviews` warm reviews alternating with as many baseline spawns.
    /// - Throws: `BenchmarkFailure` when a review or a baseline spawn does not reach the model; store, git and
    ///   server errors.
    public func run() async throws -> Report {
        var quiet = logger
        quiet.logLevel = .critical
        let root = parameters.dataDirectory
        let source = RepositoryCache(root: root + "/source", logger: quiet)
        let remote = "file://" + parameters.repositoryPath
        try await source.fetch(project: 1, remoteURL: remote, credential: nil, refs: [])
        guard let head = try await source.commits(project: 1, from: "HEAD~1", to: "HEAD").last,
            let base = try await source.commits(project: 1, from: "HEAD~2", to: "HEAD~1").last
        else { throw BenchmarkFailure(message: "\(parameters.repositoryPath) needs at least two commits on HEAD") }

        let gitLab = ReviewBenchmarkGitLab(remoteURL: remote, baseSHA: base, headSHA: head)
        let model = ScriptedModelServer(
            defaultTurn: .httpError(status: 400, body: #"{"error":{"message":"benchmark: the measured span ends here","type":"invalid_request_error"}}"#),
            logger: quiet
        )
        let (gitLabPorts, gitLabPortSink) = AsyncStream<Int>.makeStream()
        let gitLabApp = Application(
            router: gitLab.router(),
            configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in
                gitLabPortSink.yield(channel.localAddress?.port ?? 0)
                gitLabPortSink.finish()
            },
            logger: quiet
        )
        let secret = Secret("bench-\(UUID().uuidString)")
        let store = try SQLiteStore.open(dataDirectory: root, configuration: QueueConfiguration(QueueSettings(maxAttempts: 1)))
        let codexHome = root + "/codex-home"
        try FileManager.default.createDirectory(atPath: codexHome, withIntermediateDirectories: true)

        let gitLabGroup = ServiceGroup(configuration: .init(services: [gitLabApp], logger: quiet))
        let modelPort = try await model.start()
        do {
            let report = try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await gitLabGroup.run() }
                var gitLabIterator = gitLabPorts.makeAsyncIterator()
                guard let gitLabPort = await gitLabIterator.next(), gitLabPort > 0 else {
                    throw BenchmarkFailure(message: "the GitLab stand-in did not start")
                }
                let runner = ExecRunner.benchmark(codexBinary: parameters.codexBinary, modelPort: modelPort, codexHome: codexHome, logger: quiet)
                let codex = RecordingCodex(runner: runner)
                let repositories = RepositoryCache(root: root, logger: quiet)
                let dependencies = ReviewDependencies(
                    forge: GitLabClient(baseURL: "http://127.0.0.1:\(gitLabPort)", token: Secret("bench-token"), logger: quiet),
                    repositories: repositories,
                    gitCredential: nil,
                    codex: codex,
                    reviews: store,
                    threads: store,
                    bot: BotIdentity(username: "warden-bot", userID: ReviewBenchmarkGitLab.botID),
                    logger: quiet
                )
                // As `warden serve` runs it: the default poll interval, woken by the receiver's enqueue.
                let wakeUp = QueueWakeUp()
                let worker = ReviewWorker(queue: store, dependencies: dependencies, settings: ReviewWorker.Settings(name: "bench"), wakeUp: wakeUp)
                let (ports, portSink) = AsyncStream<Int>.makeStream()
                let app = ReviewBotServer.buildApplication(
                    settings: ReviewBotServer.Settings(
                        host: "127.0.0.1",
                        port: 0,
                        webhook: .init(
                            webhookSecret: secret,
                            maxBodyBytes: 1 << 20,
                            classifier: ClassifierSettings(botUsername: "warden-bot", botUserID: 4242)
                        ),
                        sandboxMode: .readOnly
                    ),
                    store: store,
                    services: [worker],
                    queueWakeUp: wakeUp,
                    onServerRunning: { channel in
                        portSink.yield(channel.localAddress?.port ?? 0)
                        portSink.finish()
                    },
                    logger: quiet
                )
                let serverGroup = ServiceGroup(configuration: .init(services: [app], logger: quiet))
                group.addTask { try await serverGroup.run() }
                var iterator = ports.makeAsyncIterator()
                guard let port = await iterator.next(), port > 0 else { throw BenchmarkFailure(message: "the server did not start") }

                let cold = try await review(iid: 1, headSHA: head, port: port, secret: secret, model: model, store: store)
                guard let request = await codex.lastRequest else { throw BenchmarkFailure(message: "the cold review did not run codex") }
                // A worktree of the reviewed commit, the same length of name as the reviews' (`review-1-<iid>-<sha>`).
                let worktree = try await repositories.prepareWorktree(
                    project: 1,
                    remoteURL: remote,
                    credential: nil,
                    sha: head,
                    fetchRefs: [],
                    name: "review-1-0-\(head)"
                )
                let launcher = try CodexBaselineLauncher(
                    runner: runner,
                    request: request,
                    workingDirectory: worktree.path,
                    directory: root + "/baseline"
                )
                var warm = Phase()
                var baseline = Phase()
                for index in 0..<parameters.reviews {
                    let iid = index + 2
                    let measureWarm = {
                        try await warm.measure {
                            try await review(iid: iid, headSHA: head, port: port, secret: secret, model: model, store: store)
                        }
                    }
                    let measureBaseline = { try await baseline.measure { try await spawnBaseline(launcher, model: model) } }
                    if index.isMultiple(of: 2) {
                        try await measureWarm()
                        try await measureBaseline()
                    } else {
                        try await measureBaseline()
                        try await measureWarm()
                    }
                }
                try await worktree.remove()
                await serverGroup.triggerGracefulShutdown()
                await gitLabGroup.triggerGracefulShutdown()
                try await group.waitForAll()
                return Report(
                    coldMilliseconds: cold.inMilliseconds,
                    warm: warm.summary,
                    baseline: baseline.summary,
                    promptBytes: request.prompt.utf8.count
                )
            }
            await model.stop()
            return report
        } catch {
            await model.stop()
            throw error
        }
    }

    /// The latencies of one phase, and the wall-clock time its samples took (waiting for codex to end included).
    private struct Phase {
        var latencies: [Duration] = []
        var elapsed: Duration = .zero

        var summary: LatencySummary { LatencySummary(latencies, elapsed: elapsed) }

        mutating func measure(_ sample: () async throws -> Duration) async throws {
            let started = ContinuousClock.now
            latencies.append(try await sample())
            elapsed += ContinuousClock.now - started
        }
    }

    /// Spawns codex directly once: from the spawn to its first model request; codex has exited on return.
    private func spawnBaseline(_ launcher: CodexBaselineLauncher, model: ScriptedModelServer) async throws -> Duration {
        let before = await model.requests.count
        let spawned = try await launcher.spawn(timeout: .seconds(120))
        guard let arrival = await Self.arrival(ofRequest: before, at: model) else {
            throw BenchmarkFailure(message: "the baseline's codex exited without a model request")
        }
        return arrival - spawned
    }

    /// Posts one merge request webhook and waits for the model's first request, then for the job to end.
    private func review(
        iid: Int,
        headSHA: String,
        port: Int,
        secret: Secret,
        model: ScriptedModelServer,
        store: SQLiteStore
    ) async throws -> Duration {
        let body: [String: Any] = [
            "object_kind": "merge_request", "event_type": "merge_request", "user": ["id": 99, "username": "alice"],
            "project": ["id": 1],
            "object_attributes": ["iid": iid, "action": "open", "state": "opened", "last_commit": ["id": headSHA], "target_project_id": 1],
        ]
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)/webhooks/gitlab")
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "X-Gitlab-Event", value: "Merge Request Hook")
        request.headers.add(name: "X-Gitlab-Token", value: secret.exposedValue)
        request.body = .bytes(ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: body)))
        let before = await model.requests.count
        let sent = ContinuousClock.now
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        guard response.status == .accepted else { throw BenchmarkFailure(message: "the webhook answered \(response.status)") }
        let deadline = sent + .seconds(120)
        while ContinuousClock.now < deadline {
            if let arrival = await Self.arrival(ofRequest: before, at: model) {
                try await waitForJobEnd(id: "review-1-\(iid)-\(headSHA)", store: store, deadline: deadline)
                return arrival - sent
            }
            try await Task.sleep(for: .milliseconds(2))
        }
        throw BenchmarkFailure(message: "review \(iid) did not reach the model within 120 s")
    }

    /// When the model stand-in's request number `index` (counted from 0) arrived, once it has.
    private static func arrival(ofRequest index: Int, at model: ScriptedModelServer) async -> ContinuousClock.Instant? {
        let requests = await model.requests
        return requests.count > index ? requests[index].arrival : nil
    }

    private func waitForJobEnd(id: String, store: SQLiteStore, deadline: ContinuousClock.Instant) async throws {
        while ContinuousClock.now < deadline {
            let state = try await store.list(states: nil, limit: nil).first { $0.id == id }?.state
            if let state, state != .pending, state != .running { return }
            try await Task.sleep(for: .milliseconds(20))
        }
    }
}
