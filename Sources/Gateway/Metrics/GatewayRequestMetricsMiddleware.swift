public import Hummingbird

/// Counts a chat request that a route or an inner middleware refused by throwing a ``GatewayError``
/// (`warden_gateway_requests_total{outcome=<the error's label>,stream="false"}`); requests that reach the route are
/// counted by the route itself, which knows whether the answer streams.
public struct GatewayRequestMetricsMiddleware<Context: RequestContext>: RouterMiddleware {
    private let metrics: GatewayMetrics

    /// A middleware counting into `metrics`.
    public init(metrics: GatewayMetrics) {
        self.metrics = metrics
    }

    /// Passes the request on; counts and rethrows a ``GatewayError``.
    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as GatewayError {
            metrics.request(outcome: error.metricLabel, stream: false)
            throw error
        }
    }
}
