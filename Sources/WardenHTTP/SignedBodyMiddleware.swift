public import HTTPTypes
public import Hummingbird
public import NIOCore

/// Refuses a request whose body does not carry a valid signature, checked over the raw bytes before any route
/// parses them (GitHub's `X-Hub-Signature-256`: an HMAC of the body, so the check needs the whole body).
///
/// The body is read once, up to a limit; the route behind gets the same bytes. The refusals are the caller's errors,
/// thrown so Hummingbird renders them, as with ``SharedSecretMiddleware``.
public struct SignedBodyMiddleware<Context: RequestContext>: RouterMiddleware {
    private let maxBodyBytes: Int
    private let verify: @Sendable (HTTPFields, ByteBuffer) -> Bool
    private let tooLarge: @Sendable (Request) -> any Error
    private let refusal: @Sendable (Request) -> any Error

    /// A middleware checking signatures with `verify`.
    ///
    /// - Parameters:
    ///   - maxBodyBytes: the largest body read; a larger one gets `tooLarge`.
    ///   - verify: whether the headers carry a valid signature of the body (constant time in the signature).
    ///   - tooLarge: the error a body over the limit gets.
    ///   - refusal: the error a request without a valid signature gets.
    public init(
        maxBodyBytes: Int,
        verify: @escaping @Sendable (HTTPFields, ByteBuffer) -> Bool,
        tooLarge: @escaping @Sendable (Request) -> any Error,
        refusal: @escaping @Sendable (Request) -> any Error
    ) {
        self.maxBodyBytes = maxBodyBytes
        self.verify = verify
        self.tooLarge = tooLarge
        self.refusal = refusal
    }

    /// Passes the request on, with its body already read, when the signature is valid; else throws.
    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if let declared = request.headers[.contentLength].flatMap(Int.init), declared > maxBodyBytes {
            throw tooLarge(request)
        }
        var request = request
        let body: ByteBuffer
        do {
            body = try await request.collectBody(upTo: maxBodyBytes)
        } catch is NIOTooManyBytesError {
            throw tooLarge(request)
        }
        guard verify(request.headers, body) else { throw refusal(request) }
        return try await next(request, context)
    }
}
