import HTTPTypes
public import Hummingbird
import NIOCore

extension GatewayError: HTTPResponseError {
    /// The OpenAI error response: the JSON envelope with ``status``, `Retry-After` and `x-should-retry` where the
    /// error sets them, and a `WWW-Authenticate` challenge for a refused key.
    ///
    /// The one rendering of a gateway error, whether a route returns it or throws it to Hummingbird.
    public var response: Response {
        var response = Response(
            status: status,
            headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: ChatStreamEncoder.encode(body)))
        )
        if let seconds = retryAfterSeconds { response.headers[.retryAfter] = "\(seconds)" }
        if let retry = shouldRetry, let name = HTTPField.Name("x-should-retry") { response.headers[name] = retry ? "true" : "false" }
        if code == .invalidAPIKey { response.headers[.wwwAuthenticate] = "Bearer realm=\"warden\"" }
        return response
    }

    /// Renders the error thrown by a route or a middleware (``response``).
    public func response(from request: Request, context: some RequestContext) throws -> Response {
        response
    }
}
