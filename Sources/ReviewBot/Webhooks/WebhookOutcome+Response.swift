import Foundation
import HTTPTypes
public import Hummingbird
import NIOCore
public import WardenHTTP

extension WebhookOutcome {
    /// The answer GitLab gets: 202 for stored work, 200 naming why nothing was stored, else ``error``.
    public var response: Response {
        if let error { return error.response }
        if case .ignored(let reason) = self { return .ignored(reason) }
        return Response(status: .accepted)
    }

    /// The short JSON error (`{"error":"…"}`) of a refused or failed delivery; `nil` when the delivery was taken.
    public var error: JSONError? {
        switch self {
        case .unauthorized: Self.unauthorizedError
        case .tooLarge(let limit): JSONError(.contentTooLarge, "body exceeds \(limit) bytes")
        case .malformed(let reason): JSONError(.badRequest, reason)
        case .error: JSONError(.serviceUnavailable, "queue unavailable")
        case .enqueued, .duplicate, .ignored: nil
        }
    }

    /// The answer to a delivery without the right `X-Gitlab-Token`.
    public static let unauthorizedError = JSONError(.unauthorized, "unauthorized")
}

extension Response {
    /// 200 with a tiny JSON body naming why the delivery was ignored (GitLab shows it under "Recent events").
    static func ignored(_ reason: String) -> Response {
        let body = (try? JSONEncoder().encode(["ignored": reason])) ?? Data()
        return Response(status: .ok, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
    }
}
