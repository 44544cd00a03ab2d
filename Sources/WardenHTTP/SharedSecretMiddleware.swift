public import HTTPTypes
public import Hummingbird
public import WardenCore

/// Where a request carries the shared secret a ``SharedSecretMiddleware`` checks.
public enum SecretCarrier: Sendable {
    /// `Authorization: Bearer <secret>` (the scheme matched without case), as OpenAI clients send a key.
    case bearer
    /// The whole value of one header, e.g. GitLab's `X-Gitlab-Token`.
    case header(HTTPField.Name)

    /// Whether `fields` carry `secret`, compared in constant time.
    public func carries(_ secret: Secret, in fields: HTTPFields) -> Bool {
        switch self {
        case .bearer:
            guard let header = fields[.authorization] else { return false }
            let scheme = "bearer "
            guard header.count > scheme.count, header.prefix(scheme.count).lowercased() == scheme else { return false }
            return secret.constantTimeEquals(String(header.dropFirst(scheme.count).drop { $0 == " " }))
        case .header(let name):
            guard let value = fields[name] else { return false }
            return secret.constantTimeEquals(value)
        }
    }
}

/// Refuses a request that does not carry the shared secret before any route behind it runs: the gateway's API key
/// (`Authorization: Bearer`) and GitLab's webhook token (`X-Gitlab-Token`) both go through it.
///
/// The refusal is the caller's error, thrown so Hummingbird renders it (an `HTTPResponseError` such as the gateway's
/// OpenAI-shaped 401 or ``JSONError``); the caller may count and log it when it makes the error.
public struct SharedSecretMiddleware<Context: RequestContext>: RouterMiddleware {
    private let secret: Secret?
    private let carrier: SecretCarrier
    private let refusal: @Sendable (Request) -> any Error

    /// A middleware checking `secret`.
    ///
    /// - Parameters:
    ///   - secret: the secret; `nil` lets every request through (only where startup checks allowed that).
    ///   - carrier: where requests carry it.
    ///   - refusal: the error a request without it gets.
    public init(secret: Secret?, carrier: SecretCarrier, refusal: @escaping @Sendable (Request) -> any Error) {
        self.secret = secret
        self.carrier = carrier
        self.refusal = refusal
    }

    /// Passes the request on when it carries the secret, else throws the refusal.
    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if let secret, !carrier.carries(secret, in: request.headers) {
            throw refusal(request)
        }
        return try await next(request, context)
    }
}
