import AsyncHTTPClient
import Forge
import Foundation
import Hummingbird
public import Logging
import NIOCore
import NIOHTTP1
import ReviewBot
import ServiceLifecycle
import Store
public import WardenCore

/// `warden bench webhooks`: the ingest path measured end to end on loopback.
///
/// Starts the real server on an ephemeral port over a fresh SQLite store, then sends signed deliveries of one forge
/// from concurrent clients. Two phases run in the same process, one after the other:
/// - **baseline**: deliveries the bot ignores (a comment without a mention): HTTP, verification, decoding and
///   classification, no write;
/// - **durable**: merge request (pull request) events, a share of them redelivered (same event, same
///   `Idempotency-Key` or `X-GitHub-Delivery`), each committed to the store before the 202.
/// Every request of a phase is built (GitHub's signed) before its clock starts, so the senders in the same process
/// spend no CPU the server could use on anything but sending. Afterwards the store must hold exactly one job per
/// distinct event, or the run fails.
public struct WebhookBenchmark: Sendable {
    /// Benchmark parameters.
    public struct Parameters: Sendable {
        /// Durable-phase deliveries.
        public var deliveries: Int
        /// Concurrent clients.
        public var concurrency: Int
        /// Share of durable deliveries that repeat an earlier one (0…0.9).
        public var duplicateFraction: Double
        /// Where the throw-away store lives (removed afterwards).
        public var dataDirectory: String
        /// Whose deliveries: GitLab's (`X-Gitlab-Token`) or GitHub's (`X-Hub-Signature-256` over each body).
        public var forge: ForgeKind

        /// Creates parameters.
        public init(deliveries: Int, concurrency: Int, duplicateFraction: Double, dataDirectory: String, forge: ForgeKind = .gitlab) {
            self.deliveries = deliveries
            self.concurrency = concurrency
            self.duplicateFraction = duplicateFraction
            self.dataDirectory = dataDirectory
            self.forge = forge
        }
    }

    /// What one run measured.
    public struct Report: Sendable, Codable {
        /// Ignored deliveries: the cost of everything but the durable write.
        public var baseline: LatencySummary
        /// Durable deliveries, duplicates included.
        public var durable: LatencySummary
        /// Distinct events sent in the durable phase.
        public var distinctEvents: Int
        /// Jobs the store holds afterwards (must equal `distinctEvents`).
        public var jobsStored: Int
        /// Responses that were not the expected status.
        public var unexpectedResponses: Int

        /// Durable throughput as a share of baseline throughput.
        public var throughputRatio: Double {
            guard let baselineRate = baseline.perSecond, baselineRate > 0 else { return 0 }
            return (durable.perSecond ?? 0) / baselineRate
        }
        /// Whether the store holds exactly one job per event and every response was as expected.
        public var isConsistent: Bool { jobsStored == distinctEvents && unexpectedResponses == 0 }
    }

    private let parameters: Parameters
    private let logger: Logger

    /// Creates a benchmark.
    public init(parameters: Parameters, logger: Logger) {
        self.parameters = parameters
        self.logger = logger
    }

    /// Runs both phases and returns the figures.
    /// - Throws: when the store cannot be created or the server does not start.
    public func run() async throws -> Report {
        let secret = Secret("bench-\(UUID().uuidString)")
        let store = try SQLiteStore.open(dataDirectory: parameters.dataDirectory)
        let settings = ReviewBotServer.Settings(
            host: "127.0.0.1",
            port: 0,
            webhook: parameters.forge == .gitlab
                ? .init(
                    webhookSecret: secret,
                    maxBodyBytes: 26_214_400,
                    classifier: ClassifierSettings(botUsername: "warden-bot", botUserID: 4242)
                ) : nil,
            githubWebhook: parameters.forge == .github
                ? .init(webhookSecret: secret, maxBodyBytes: 26_214_400, botLogin: "warden-bot[bot]") : nil,
            sandboxMode: .readOnly
        )
        let (ports, portSink) = AsyncStream<Int>.makeStream()
        var quiet = logger
        quiet.logLevel = .warning
        let app = ReviewBotServer.buildApplication(
            settings: settings,
            store: store,
            onServerRunning: { channel in
                portSink.yield(channel.localAddress?.port ?? 0)
                portSink.finish()
            },
            logger: quiet
        )
        let client = HTTPClient(
            eventLoopGroupProvider: .singleton,
            configuration: .init(connectionPool: .init(idleTimeout: .seconds(30), concurrentHTTP1ConnectionsPerHostSoftLimit: parameters.concurrency))
        )
        let serviceGroup = ServiceGroup(configuration: .init(services: [app], logger: quiet))
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await serviceGroup.run() }
            var iterator = ports.makeAsyncIterator()
            guard let port = await iterator.next(), port > 0 else { throw BenchmarkFailure(message: "the server did not start") }
            let deliveries = WebhookDeliveries(count: parameters.deliveries, duplicateFraction: parameters.duplicateFraction)
            let signed = SignedDeliveries(forge: parameters.forge, url: "http://127.0.0.1:\(port)/webhooks/\(parameters.forge.rawValue)", secret: secret)

            let baselineCount = max(parameters.deliveries / 4, 1)
            // Every request is built (and GitHub's signed) before the clock starts: the sender's cost is not the server's.
            let ignored = (0..<baselineCount).map { signed.ignored($0, deliveries: deliveries) }
            let (baseline, baselineUnexpected) = try await measure(ignored, client: client)
            let durableRequests = (0..<parameters.deliveries).map { signed.durable(deliveries.eventIndex(forDelivery: $0), deliveries: deliveries) }
            let (durable, durableUnexpected) = try await measure(durableRequests, client: client)
            let stored = try await store.list(states: nil, limit: nil).count
            try await client.shutdown()
            await serviceGroup.triggerGracefulShutdown()
            try await group.waitForAll()
            return Report(
                baseline: baseline,
                durable: durable,
                distinctEvents: deliveries.distinctEvents,
                jobsStored: stored,
                unexpectedResponses: baselineUnexpected + durableUnexpected
            )
        }
    }

    /// Sends `deliveries` from `concurrency` clients, each client every `concurrency`-th of them.
    private func measure(_ deliveries: [SignedDeliveries.Delivery], client: HTTPClient) async throws -> (LatencySummary, Int) {
        let count = deliveries.count
        let workers = max(1, parameters.concurrency)
        let started = ContinuousClock.now
        let results = try await withThrowingTaskGroup(of: ([Duration], Int).self) { group in
            for worker in 0..<workers {
                group.addTask {
                    var latencies: [Duration] = []
                    var unexpected = 0
                    for index in stride(from: worker, to: count, by: workers) {
                        let delivery = deliveries[index]
                        var request = HTTPClientRequest(url: delivery.url)
                        request.method = .POST
                        request.headers.add(name: "Content-Type", value: "application/json")
                        request.headers.add(contentsOf: delivery.headers)
                        request.body = .bytes(delivery.body)
                        let sent = ContinuousClock.now
                        let response = try await client.execute(request, timeout: .seconds(30))
                        _ = try await response.body.collect(upTo: 1 << 16)
                        latencies.append(ContinuousClock.now - sent)
                        if response.status != delivery.expected { unexpected += 1 }
                    }
                    return (latencies, unexpected)
                }
            }
            var all: [Duration] = []
            var unexpected = 0
            for try await (latencies, failures) in group {
                all += latencies
                unexpected += failures
            }
            return (all, unexpected)
        }
        return (LatencySummary(results.0, elapsed: ContinuousClock.now - started), results.1)
    }
}
