public import Prometheus
import WardenCore

/// The gateway's figures exported at `/metrics`: time to first token, turn duration, active turns,
/// queue wait, requests by outcome and worker restarts.
///
/// Built on one `PrometheusCollectorRegistry` per gateway, so two gateways in one process never share counts.
public final class GatewayMetrics: Sendable {
    /// The registry `/metrics` renders.
    public let registry: PrometheusCollectorRegistry
    private let timeToFirstToken: DurationHistogram
    private let turnDuration: DurationHistogram
    private let queueWait: DurationHistogram
    private let activeTurns: Gauge
    private let workerRestarts: Gauge
    private let workerRecycles: Gauge
    private let workerReady: Gauge

    /// Creates the metrics on `registry`.
    public init(registry: PrometheusCollectorRegistry) {
        self.registry = registry
        let latencyBuckets: [Duration] = [
            .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250),
            .milliseconds(500), .seconds(1), .seconds(2), .seconds(5), .seconds(10), .seconds(30), .seconds(60), .seconds(300),
        ]
        timeToFirstToken = registry.makeDurationHistogram(
            descriptor: .init(
                namespace: "warden", subsystem: "gateway", metricName: "time_to_first_token", unitName: "seconds",
                helpText: "Time from receiving a chat request to its first content token."
            ),
            buckets: latencyBuckets
        )
        turnDuration = registry.makeDurationHistogram(
            descriptor: .init(
                namespace: "warden", subsystem: "gateway", metricName: "turn_duration", unitName: "seconds",
                helpText: "Time from starting a codex turn to its end."
            ),
            buckets: latencyBuckets
        )
        queueWait = registry.makeDurationHistogram(
            descriptor: .init(
                namespace: "warden", subsystem: "gateway", metricName: "queue_wait", unitName: "seconds",
                helpText: "Time a request waited for a turn slot."
            ),
            buckets: [.milliseconds(1), .milliseconds(10), .milliseconds(100), .seconds(1), .seconds(5), .seconds(15), .seconds(30), .seconds(60)]
        )
        activeTurns = registry.makeGauge(
            descriptor: .init(namespace: "warden", subsystem: "gateway", metricName: "active_turns", unitName: "", helpText: "Codex turns running now.")
        )
        workerRestarts = registry.makeGauge(
            descriptor: .init(
                namespace: "warden", subsystem: "gateway", metricName: "worker_restarts", unitName: "",
                helpText: "Times the codex app-server worker was restarted."
            )
        )
        workerRecycles = registry.makeGauge(
            descriptor: .init(
                namespace: "warden", subsystem: "gateway", metricName: "worker_recycles", unitName: "",
                helpText: "Times the codex app-server worker was replaced on purpose to give back memory."
            )
        )
        workerReady = registry.makeGauge(
            descriptor: .init(namespace: "warden", subsystem: "gateway", metricName: "worker_ready", unitName: "", helpText: "1 while the worker takes turns.")
        )
    }

    /// Records the time to the first content token.
    public func firstToken(after duration: Duration) { timeToFirstToken.record(duration) }

    /// Records a turn's duration.
    public func turnEnded(after duration: Duration) { turnDuration.record(duration) }

    /// Records a wait for a turn slot.
    public func admitted(after wait: Duration) { queueWait.record(wait) }

    /// Sets the running turns.
    public func setActiveTurns(_ count: Int) { activeTurns.set(to: Double(count)) }

    /// Sets the worker figures, at scrape time.
    public func setWorker(restarts: Int, recycles: Int, ready: Bool) {
        workerRestarts.set(to: Double(restarts))
        workerRecycles.set(to: Double(recycles))
        workerReady.set(to: ready ? 1 : 0)
    }

    /// Counts one thread a turn ran on, by where it came from: `spare` (started ahead) or `started`
    /// (on the request's path).
    public func thread(spare: Bool) {
        registry.makeCounter(
            descriptor: .init(
                namespace: "warden", subsystem: "gateway", metricName: "threads", unitName: "total",
                helpText: "Threads chat turns ran on, by source: a spare started ahead, or started for the request."
            ),
            labels: [("source", spare ? "spare" : "started")]
        ).increment()
    }

    /// Counts one client function call the model made and the gateway returned to the client.
    public func toolCall() {
        registry.makeCounter(
            descriptor: .init(
                namespace: "warden", subsystem: "gateway", metricName: "tool_calls", unitName: "total",
                helpText: "Client function calls the model made, returned to the client."
            )
        ).increment()
    }

    /// Counts one turn interrupted because the client never sent the result of the function call it waited on.
    public func toolCallAbandoned() {
        registry.makeCounter(
            descriptor: .init(
                namespace: "warden", subsystem: "gateway", metricName: "tool_calls_abandoned", unitName: "total",
                helpText: "Turns interrupted because the client sent no function result within gateway.tool_result_timeout."
            )
        ).increment()
    }

    /// Counts secrets the output filter replaced in gateway answers.
    public func redacted(_ count: Int) {
        let name = OutputFilter.metricName
        registry.makeCounter(
            descriptor: .init(namespace: name.namespace, subsystem: name.subsystem, metricName: name.name, unitName: name.unit, helpText: OutputFilter.metricHelp),
            labels: [("surface", "gateway")]
        ).increment(by: Int64(count))
    }

    /// Counts one chat request by outcome (`ok`, or a ``GatewayError/metricLabel``) and mode.
    public func request(outcome: String, stream: Bool) {
        registry.makeCounter(
            descriptor: .init(
                namespace: "warden", subsystem: "gateway", metricName: "requests", unitName: "total",
                helpText: "Chat completion requests by outcome and mode."
            ),
            labels: [("outcome", outcome), ("stream", stream ? "true" : "false")]
        ).increment()
    }
}
