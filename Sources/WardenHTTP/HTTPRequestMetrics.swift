public import HTTPTypes
public import Hummingbird
public import Prometheus

/// Every HTTP route's request count and latency on `/metrics`: `warden_http_requests_total{route,status}` and
/// `warden_http_request_duration_seconds{route}`, fed by ``RequestMetricsMiddleware``.
public final class HTTPRequestMetrics: Sendable {
    private let registry: PrometheusCollectorRegistry

    /// Metrics on `registry` (one per server, so servers in one test process never share counts).
    public init(registry: PrometheusCollectorRegistry) {
        self.registry = registry
    }

    /// Counts and times one request of `route` (a fixed, low-cardinality name such as `chat_completions`).
    public func record(route: String, status: HTTPResponse.Status, duration: Duration) {
        registry.makeCounter(
            descriptor: .init(namespace: "warden", subsystem: "http", metricName: "requests", unitName: "total", helpText: "HTTP requests by route and status."),
            labels: [("route", route), ("status", String(status.code))]
        ).increment()
        registry.makeDurationHistogram(
            descriptor: .init(
                namespace: "warden", subsystem: "http", metricName: "request_duration", unitName: "seconds",
                helpText: "Time from receiving a request to its response head, by route."
            ),
            labels: [("route", route)],
            buckets: [.milliseconds(1), .milliseconds(5), .milliseconds(25), .milliseconds(100), .milliseconds(500), .seconds(2), .seconds(10), .seconds(60)]
        ).record(duration)
    }

    /// A middleware recording every request behind it under `route`, and passing each to `also` (a route's own
    /// figures, such as the webhook's acknowledgement latency).
    public func middleware<Context: RequestContext>(
        route: String,
        also: RequestMetricsMiddleware<Context>.Observer? = nil
    ) -> RequestMetricsMiddleware<Context> {
        RequestMetricsMiddleware { request, status, duration in
            self.record(route: route, status: status, duration: duration)
            also?(request, status, duration)
        }
    }
}
