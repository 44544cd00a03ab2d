import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import WardenCore

/// `warden bench responses-proxy`: Warden's proxy and `codex responses-api-proxy` against the same local upstream,
/// in one run: sequential latency (p50/p99) and concurrent throughput for small SSE responses, and time to first
/// event of a slow stream.
public struct ResponsesProxyBenchmark: Sendable {
    /// What to run.
    public struct Parameters: Sendable {
        /// The `warden` executable.
        public var wardenPath: String
        /// The `codex` executable whose hidden `responses-api-proxy` is compared.
        public var codexPath: String
        /// Sequential requests per target for latency.
        public var sequentialRequests: Int
        /// Requests per target for throughput.
        public var throughputRequests: Int
        /// Concurrent clients for throughput.
        public var concurrency: Int
        /// Events in the slow stream.
        public var slowEvents: Int
        /// Time between slow events.
        public var slowDelay: Duration
        /// The longest any phase (a proxy's start, warm-up, latency, throughput) may take; the slow stream gets this
        /// on top of its own length. A phase that runs over fails the benchmark instead of hanging it.
        public var phaseTimeout: Duration

        /// Parameters with every value given.
        /// - Parameters:
        ///   - wardenPath: The `warden` executable.
        ///   - codexPath: The `codex` executable.
        ///   - sequentialRequests: Sequential requests per target for latency.
        ///   - throughputRequests: Requests per target for throughput.
        ///   - concurrency: Concurrent clients for throughput.
        ///   - slowEvents: Events in the slow stream.
        ///   - slowDelay: Time between slow events.
        ///   - phaseTimeout: The time limit of each phase.
        public init(
            wardenPath: String,
            codexPath: String,
            sequentialRequests: Int,
            throughputRequests: Int,
            concurrency: Int,
            slowEvents: Int,
            slowDelay: Duration,
            phaseTimeout: Duration = .seconds(120)
        ) {
            self.wardenPath = wardenPath
            self.codexPath = codexPath
            self.sequentialRequests = sequentialRequests
            self.throughputRequests = throughputRequests
            self.concurrency = concurrency
            self.slowEvents = slowEvents
            self.slowDelay = slowDelay
            self.phaseTimeout = phaseTimeout
        }
    }

    /// The figures for one target.
    public struct Figures: Sendable, Codable {
        /// `direct`, `warden` or `codex`.
        public var target: String
        /// Sequential full-response latency, median, milliseconds.
        public var p50Milliseconds: Double
        /// Sequential full-response latency, 99th percentile, milliseconds.
        public var p99Milliseconds: Double
        /// Completed requests per second with `concurrency` clients.
        public var requestsPerSecond: Double
        /// Time from sending the slow request to its first complete event, milliseconds.
        public var firstEventMilliseconds: Double
        /// Time from sending the slow request to its last event, milliseconds.
        public var lastEventMilliseconds: Double
    }

    private let parameters: Parameters

    /// A benchmark with these parameters.
    public init(parameters: Parameters) {
        self.parameters = parameters
    }

    /// Runs the upstream, both proxies and the measurements, one proxy at a time; each proxy is killed once measured.
    /// - Returns: Figures for the upstream alone, Warden's proxy and codex's proxy.
    /// - Throws: ``ResponsesProxyBenchmarkError`` when the upstream or a proxy does not start, a request fails or a
    ///   phase runs past ``Parameters/phaseTimeout``.
    public func run() async throws -> [Figures] {
        let upstream = ProxyBenchmarkUpstream(fastEvents: 3, slowEvents: parameters.slowEvents, slowDelay: parameters.slowDelay)
        let (ports, portContinuation) = AsyncStream<Int>.makeStream()
        let limit = parameters.phaseTimeout
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                // Finishing the stream on a failed bind ends the wait for the port below.
                defer { portContinuation.finish() }
                try await upstream.run { portContinuation.yield($0) }
            }
            let figures: [Figures]
            do {
                let upstreamPort = try await ProxyBenchmarkPhase.upstreamStart.run(target: "the local upstream", limit: limit) {
                    var iterator = ports.makeAsyncIterator()
                    guard let port = await iterator.next() else { throw ResponsesProxyBenchmarkError.upstreamDidNotStart(reason: "it could not listen") }
                    return port
                }
                figures = try await measureAll(upstreamPort: upstreamPort)
            } catch {
                group.cancelAll()
                throw error
            }
            // The upstream closes its listener and open connections on cancellation, so the group ends at once.
            group.cancelAll()
            return figures
        }
    }

    private func measureAll(upstreamPort: Int) async throws -> [Figures] {
        let upstreamURL = "http://127.0.0.1:\(upstreamPort)/v1/responses"
        var figures = [try await measure(target: "direct", port: upstreamPort, onTimeout: {})]
        for (name, executable, arguments) in [
            ("warden", parameters.wardenPath, ["responses-proxy"]),
            ("codex", parameters.codexPath, ["responses-api-proxy"]),
        ] {
            let proxy = try BenchmarkProxy.launch(executable: executable, arguments: arguments, upstreamURL: upstreamURL)
            do {
                let port = try await ProxyBenchmarkPhase.proxyStart.run(target: "`\(proxy.command)`", limit: parameters.phaseTimeout, onTimeout: proxy.kill) {
                    try await proxy.port()
                }
                figures.append(try await measure(target: name, port: port, onTimeout: proxy.kill))
            } catch {
                proxy.stop()
                throw error
            }
            proxy.stop()
        }
        return figures
    }

    /// Measures one target; each phase is bounded by ``Parameters/phaseTimeout`` and `onTimeout` kills the target.
    ///
    /// Every concurrent client has its own `HTTPClient` holding one keep-alive connection, and those connections are
    /// opened one after another during the warm-up, each finishing a request before the next connects. Opening them in
    /// a burst starves codex's proxy: tiny_http's task pool can queue a freshly accepted connection while every worker
    /// serves a keep-alive connection for its lifetime, and that connection's request is then never read.
    private func measure(target: String, port: Int, onTimeout: @escaping @Sendable () -> Void) async throws -> Figures {
        let limit = parameters.phaseTimeout
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: 1)
        configuration.timeout = .init(connect: .seconds(10), read: TimeAmount(limit))
        let clients = (0..<parameters.concurrency).map { _ in
            HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
        }
        let client = clients[0]
        do {
            let url = "http://127.0.0.1:\(port)/v1/responses"
            let parameters = self.parameters
            try await ProxyBenchmarkPhase.warmUp.run(target: target, limit: limit, onTimeout: onTimeout) {
                for _ in 0..<50 { _ = try await exchange(client: client, url: url, target: target, slow: false) }
                for other in clients.dropFirst() { _ = try await exchange(client: other, url: url, target: target, slow: false) }
            }
            let latencies = try await ProxyBenchmarkPhase.latency.run(target: target, limit: limit, onTimeout: onTimeout) {
                var latencies: [Duration] = []
                for _ in 0..<parameters.sequentialRequests {
                    latencies.append(try await exchange(client: client, url: url, target: target, slow: false).total)
                }
                return LatencySummary(latencies)
            }
            let perClient = max(1, parameters.throughputRequests / parameters.concurrency)
            let elapsed = try await ProxyBenchmarkPhase.throughput.run(target: target, limit: limit, onTimeout: onTimeout) {
                let clock = ContinuousClock()
                let start = clock.now
                try await withThrowingDiscardingTaskGroup { group in
                    for each in clients {
                        group.addTask {
                            for _ in 0..<perClient { _ = try await exchange(client: each, url: url, target: target, slow: false) }
                        }
                    }
                }
                return clock.now - start
            }
            let slowLimit = limit + parameters.slowDelay * parameters.slowEvents
            let slow = try await ProxyBenchmarkPhase.slowStream.run(target: target, limit: slowLimit, onTimeout: onTimeout) {
                try await exchange(client: client, url: url, target: target, slow: true)
            }
            for each in clients { try await each.shutdown() }
            return Figures(
                target: target,
                p50Milliseconds: latencies.p50Milliseconds,
                p99Milliseconds: latencies.p99Milliseconds,
                requestsPerSecond: Double(perClient * parameters.concurrency) / elapsed.inSeconds,
                firstEventMilliseconds: slow.firstEvent.inMilliseconds,
                lastEventMilliseconds: slow.total.inMilliseconds
            )
        } catch {
            for each in clients { try? await each.shutdown() }
            throw error
        }
    }

    /// Sends one request and reads the whole SSE response, noting when the first complete event arrived.
    private func exchange(client: HTTPClient, url: String, target: String, slow: Bool) async throws -> (firstEvent: Duration, total: Duration) {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "content-type", value: "application/json")
        if slow { request.headers.add(name: "x-bench-slow", value: "1") }
        request.body = .bytes(ByteBuffer(string: #"{"model":"bench","input":"hi","stream":true}"#))
        let clock = ContinuousClock()
        let start = clock.now
        let response = try await client.execute(request, timeout: TimeAmount(parameters.phaseTimeout))
        guard response.status == .ok else { throw ResponsesProxyBenchmarkError.unexpectedStatus(target: target, status: Int(response.status.code)) }
        var firstEvent: Duration?
        var seen = ByteBuffer()
        for try await var chunk in response.body {
            if firstEvent == nil {
                seen.writeBuffer(&chunk)
                if seen.readableBytesView.firstRange(of: Array("\n\n".utf8)) != nil { firstEvent = clock.now - start }
            }
        }
        let total = clock.now - start
        return (firstEvent ?? total, total)
    }

    /// The figures as a Markdown table, with Warden-to-codex ratios.
    public static func markdown(_ figures: [Figures], parameters: Parameters) -> String {
        func format(_ value: Double) -> String { String(format: "%.2f", value) }
        var lines = [
            "| target | p50 ms | p99 ms | req/s (\(parameters.concurrency) clients) | first event ms | last event ms |",
            "|---|---:|---:|---:|---:|---:|",
        ]
        for figure in figures {
            lines.append(
                "| \(figure.target) | \(format(figure.p50Milliseconds)) | \(format(figure.p99Milliseconds)) | \(format(figure.requestsPerSecond)) | \(format(figure.firstEventMilliseconds)) | \(format(figure.lastEventMilliseconds)) |"
            )
        }
        if let direct = figures.first(where: { $0.target == "direct" }), let warden = figures.first(where: { $0.target == "warden" }),
            let codex = figures.first(where: { $0.target == "codex" })
        {
            lines.append("")
            lines.append("| Warden vs codex | value |")
            lines.append("|---|---:|")
            lines.append("| throughput ratio (warden / codex) | \(format(warden.requestsPerSecond / codex.requestsPerSecond))× |")
            lines.append("| p50 ratio (warden / codex) | \(format(warden.p50Milliseconds / codex.p50Milliseconds))× |")
            lines.append("| added p50 over direct, warden | \(format(warden.p50Milliseconds - direct.p50Milliseconds)) ms |")
            lines.append("| added p50 over direct, codex | \(format(codex.p50Milliseconds - direct.p50Milliseconds)) ms |")
            lines.append("| first event of slow stream (warden / codex) | \(format(warden.firstEventMilliseconds)) / \(format(codex.firstEventMilliseconds)) ms |")
        }
        lines.append("")
        lines.append(
            "Sequential: \(parameters.sequentialRequests) requests; throughput: \(parameters.throughputRequests) requests; slow stream: \(parameters.slowEvents) events \(parameters.slowDelay) apart."
        )
        return lines.joined(separator: "\n")
    }
}
