public import HTTPTypes
public import Hummingbird

/// Times every request through the routes behind it and reports its status and duration to an observer — also
/// for a request an inner middleware or the route refused by throwing (an `HTTPResponseError`'s own status, else
/// 500) — so each server's request metrics come from one place (``HTTPRequestMetrics``).
public struct RequestMetricsMiddleware<Context: RequestContext>: RouterMiddleware {
    /// Receives the request, its response status and how long answering took (up to the response head).
    public typealias Observer = @Sendable (_ request: Request, _ status: HTTPResponse.Status, _ duration: Duration) -> Void

    private let observe: Observer

    /// A middleware reporting to `observe`.
    public init(observe: @escaping Observer) {
        self.observe = observe
    }

    /// Passes the request on and reports it, rethrowing what the inner handlers threw.
    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let started = ContinuousClock.now
        do {
            let response = try await next(request, context)
            observe(request, response.status, ContinuousClock.now - started)
            return response
        } catch {
            observe(request, (error as? any HTTPResponseError)?.status ?? .internalServerError, ContinuousClock.now - started)
            throw error
        }
    }
}
