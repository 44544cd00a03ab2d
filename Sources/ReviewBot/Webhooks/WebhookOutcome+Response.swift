import Foundation
import HTTPTypes
public import Hummingbird
import NIOCore

extension WebhookOutcome {
    /// The answer GitLab gets: 202 for stored work, 200 naming why nothing was stored, else a short JSON error.
    public var response: Response {
        switch self {
        case .enqueued, .duplicate: Response(status: .accepted)
        case .ignored(let reason): .ignored(reason)
        case .unauthorized: .jsonError(.unauthorized, "unauthorized")
        case .tooLarge(let limit): .jsonError(.contentTooLarge, "body exceeds \(limit) bytes")
        case .malformed(let reason): .jsonError(.badRequest, reason)
        case .error: .jsonError(.serviceUnavailable, "queue unavailable")
        }
    }
}

extension Response {
    /// A short JSON error body (`{"error":"…"}`) that gives no hint beyond the reason.
    static func jsonError(_ status: HTTPResponse.Status, _ message: String) -> Response {
        let body = (try? JSONEncoder().encode(["error": message])) ?? Data(#"{"error":"error"}"#.utf8)
        return Response(
            status: status,
            headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: body))
        )
    }

    /// 200 with a tiny JSON body naming why the delivery was ignored (GitLab shows it under "Recent events").
    static func ignored(_ reason: String) -> Response {
        let body = (try? JSONEncoder().encode(["ignored": reason])) ?? Data()
        return Response(status: .ok, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
    }
}
