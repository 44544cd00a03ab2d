public import Hummingbird
public import WardenCore

/// Refuses a request without `Authorization: Bearer <key>` before any route runs, with the OpenAI 401
/// (``GatewayError/invalidAPIKey``, rendered by Hummingbird as an ``HTTPResponseError``).
public struct BearerAuthMiddleware<Context: RequestContext>: RouterMiddleware {
    private let key: Secret?

    /// A middleware checking `key`; `nil` lets every request through (a gateway bound to loopback only, checked at
    /// startup).
    public init(key: Secret?) {
        self.key = key
    }

    /// Passes the request on when it carries the key, else throws ``GatewayError/invalidAPIKey``.
    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if let key {
            guard let header = request.headers[.authorization], BearerToken.matches(header, key: key) else {
                throw GatewayError.invalidAPIKey
            }
        }
        return try await next(request, context)
    }
}
