import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1

/// How a forge client reaches its forge: the HTTP client, the deadline of one attempt, and how it retries a request
/// that got no answer. Both clients send every attempt through it; what an answer means stays each forge's own.
struct ForgeTransport: Sendable {
    /// The largest answer read; a page of 100 file diffs stays well below it.
    static let maximumBodySize = 64 * 1024 * 1024

    /// The HTTP client to send with.
    let httpClient: HTTPClient
    /// How often and how long to retry.
    let retryPolicy: RetryPolicy
    /// What waits use; tests pass one that does not sleep.
    let clock: any ForgeClock
    /// The deadline of one attempt.
    let requestTimeout: Duration
    /// Where retries and failures are logged.
    let logger: Logger

    /// A request to `url` with `headers`, Warden's `User-Agent` and, when there is a body, the JSON body.
    static func request(_ method: HTTPMethod, _ url: String, headers: [(String, String)], body: Data?) -> HTTPClientRequest {
        var request = HTTPClientRequest(url: url)
        request.method = method
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        request.headers.add(name: "User-Agent", value: "warden")
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: body))
        }
        return request
    }

    /// Sends attempt number `attempt` of a call and reads its whole answer.
    ///
    /// - Returns: the response head and body, or `nil` after waiting when the request got no answer and may be sent
    ///   again (never a POST: one that got no answer may still have created the comment, and repeating it could
    ///   post twice).
    /// - Throws: ``ForgeError/transport(operation:reason:)`` when it may not, or `CancellationError`.
    func attempt(_ request: HTTPClientRequest, operation: String, attempt: Int) async throws -> (response: HTTPClientResponse, body: Data)? {
        do {
            let (seconds, attoseconds) = requestTimeout.components
            let response = try await httpClient.execute(request, timeout: .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000))
            return (response, Data(try await response.body.collect(upTo: Self.maximumBodySize).readableBytesView))
        } catch let error as CancellationError {
            throw error
        } catch {
            guard request.method != .POST, let wait = retryPolicy.delayAfterTransportFailure(attempt: attempt) else {
                throw ForgeError.transport(operation: operation, reason: "\(error)")
            }
            logger.warning(
                "forge request failed, retrying",
                metadata: ["operation": "\(operation)", "attempt": "\(attempt)", "wait": "\(wait)", "reason": "\(error)"]
            )
            try await clock.sleep(for: wait)
            return nil
        }
    }
}
