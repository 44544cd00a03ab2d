public import Codex
import Foundation
public import Hummingbird
public import Logging
import NIOCore
public import Prometheus
public import Store
import WardenHTTP

/// `GET /metrics` in the Prometheus text format.
///
/// Queue depth by state is read from the store at scrape time, so every replica reports the same durable truth. The
/// Codex seat's usage windows (`warden_codex_rate_limit_used_percent{window}`,
/// `warden_codex_rate_limit_resets_at_seconds{window}`) are this process's latest report from codex.
public struct MetricsRoute: Sendable {
    private let registry: PrometheusCollectorRegistry
    private let queue: any JobQueue
    private let rateLimits: RateLimitMonitor?
    private let logger: Logger

    /// Creates the route over `registry`.
    ///
    /// - Parameters:
    ///   - registry: the registry rendered.
    ///   - queue: the durable queue, for its depth.
    ///   - rateLimits: the seat's usage windows; none reported when `nil`.
    ///   - logger: where store trouble is logged.
    public init(registry: PrometheusCollectorRegistry, queue: any JobQueue, rateLimits: RateLimitMonitor? = nil, logger: Logger) {
        self.registry = registry
        self.queue = queue
        self.rateLimits = rateLimits
        self.logger = logger
    }

    /// Adds `/metrics` to `router`.
    public func addRoutes<Context: RequestContext>(to router: Router<Context>) {
        router.get("/metrics") { _, _ -> Response in
            await refreshQueueGauges()
            await refreshRateLimitGauges()
            var buffer: [UInt8] = []
            registry.emit(into: &buffer)
            return Response(
                status: .ok,
                headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: buffer))
            )
        }
    }

    private func refreshRateLimitGauges() async {
        guard let snapshot = await rateLimits?.snapshot else { return }
        RateLimitGauges.set(snapshot.windows.map { ($0.name, $0.usedPercent, $0.resetsAt) }, in: registry)
    }

    private func refreshQueueGauges() async {
        do {
            let counts = try await queue.counts()
            for state in JobState.allCases {
                registry.makeGauge(
                    descriptor: .init(namespace: "warden", subsystem: "queue", metricName: "jobs", unitName: "", helpText: "Jobs in the queue by state."),
                    labels: [("state", state.rawValue)]
                )
                    .set(to: Double(counts[state] ?? 0))
            }
            let paused = try await queue.pauseState() != nil
            registry.makeGauge(
                descriptor: .init(namespace: "warden", subsystem: "queue", metricName: "paused", unitName: "", helpText: "1 while the queue is paused.")
            ).set(to: paused ? 1 : 0)
        } catch {
            logger.warning("metrics: queue depth unavailable", metadata: ["error": "\(error)"])
        }
    }
}
