import Foundation
public import HTTPTypes
public import Hummingbird
import NIOCore

/// A short JSON error, `{"error":"<message>"}`, rendered by Hummingbird whether a route returns or throws it; the
/// message is the whole explanation, with no hint beyond it.
public struct JSONError: HTTPResponseError, Equatable {
    /// The status.
    public var status: HTTPResponse.Status
    /// The text of `error`.
    public var message: String

    /// An error with `status` and `message`.
    public init(_ status: HTTPResponse.Status, _ message: String) {
        self.status = status
        self.message = message
    }

    /// The response: `application/json`, `{"error": message}`.
    public func response(from request: Request, context: some RequestContext) throws -> Response {
        response
    }

    /// The same response, for routes that return rather than throw it.
    public var response: Response {
        let body = (try? JSONEncoder().encode(["error": message])) ?? Data(#"{"error":"error"}"#.utf8)
        return Response(status: status, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
    }
}
