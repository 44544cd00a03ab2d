/// Why a call to the forge's API failed.
///
/// ``isRetryable`` tells a worker whether trying later can help: rate limits, server errors and transport failures
/// can; a refused token, a missing object or an invalid position cannot. The ``description`` names the call and
/// what the forge said, never a token.
public struct ForgeError: Error, Sendable, Hashable, CustomStringConvertible {
    private enum Code: Sendable, Hashable {
        case authentication
        case forbidden
        case notFound
        case invalidPosition
        case rejected
        case rateLimited
        case server
        case transport
        case decoding
    }

    private let code: Code
    /// The call that failed, e.g. `POST /projects/7/merge_requests/3/discussions`.
    public let operation: String
    /// The HTTP status, when the forge answered.
    public let status: Int?
    /// The forge's message (or the transport's reason), for operators.
    public let message: String

    private init(_ code: Code, operation: String, status: Int?, message: String) {
        self.code = code
        self.operation = operation
        self.status = status
        self.message = message
    }

    /// The forge refused the token (HTTP 401). Never retried: a person must fix the credentials.
    public static func authentication(operation: String, status: Int, message: String) -> Self {
        Self(.authentication, operation: operation, status: status, message: message)
    }

    /// The token is valid but may not do this here (HTTP 403: an archived project, a locked discussion, too low a
    /// role). Only this project's job fails; the credentials are fine for the others.
    public static func forbidden(operation: String, message: String) -> Self {
        Self(.forbidden, operation: operation, status: 403, message: message)
    }

    /// The project, merge request, note or discussion does not exist, or the token cannot see it (HTTP 404).
    public static func notFound(operation: String, message: String) -> Self {
        Self(.notFound, operation: operation, status: 404, message: message)
    }

    /// The forge refused an inline comment's position (GitLab's HTTP 400 about `line_code` or a position field,
    /// GitHub's 422 about a review thread's line). Post the comment without a position instead.
    public static func invalidPosition(operation: String, status: Int = 400, message: String) -> Self {
        Self(.invalidPosition, operation: operation, status: status, message: message)
    }

    /// The forge refused the request for another reason (another 4xx, such as 400, 409 or 422).
    public static func rejected(operation: String, status: Int, message: String) -> Self {
        Self(.rejected, operation: operation, status: status, message: message)
    }

    /// The forge kept answering 429 until the retry budget was spent.
    public static func rateLimited(operation: String, attempts: Int) -> Self {
        Self(.rateLimited, operation: operation, status: 429, message: "still rate limited after \(attempts) attempts")
    }

    /// The forge kept answering with a server error (5xx) until the retry budget was spent.
    public static func server(operation: String, status: Int, attempts: Int) -> Self {
        Self(.server, operation: operation, status: status, message: "server error after \(attempts) attempts")
    }

    /// The request did not get an answer (connection refused, reset, timed out).
    public static func transport(operation: String, reason: String) -> Self {
        Self(.transport, operation: operation, status: nil, message: reason)
    }

    /// The answer was not the JSON the call expects.
    public static func decoding(operation: String, reason: String) -> Self {
        Self(.decoding, operation: operation, status: nil, message: reason)
    }

    /// Whether the failure is the token's fault; the worker pauses the queue on it.
    public var isAuthentication: Bool { code == .authentication }

    /// Whether the forge forbade the call for this project (403): the job fails, the queue goes on.
    public var isForbidden: Bool { code == .forbidden }

    /// Whether the forge refused an inline comment's position.
    public var isInvalidPosition: Bool { code == .invalidPosition }

    /// Whether the object does not exist.
    public var isNotFound: Bool { code == .notFound }

    /// Whether trying the same call later can succeed (rate limits, server errors, transport failures).
    public var isRetryable: Bool {
        switch code {
        case .rateLimited, .server, .transport: return true
        case .authentication, .forbidden, .notFound, .invalidPosition, .rejected, .decoding: return false
        }
    }

    /// A short, low-cardinality form for metric labels.
    public var metricLabel: String {
        switch code {
        case .authentication: return "authentication"
        case .forbidden: return "forbidden"
        case .notFound: return "not_found"
        case .invalidPosition: return "invalid_position"
        case .rejected: return "rejected"
        case .rateLimited: return "rate_limited"
        case .server: return "server"
        case .transport: return "transport"
        case .decoding: return "decoding"
        }
    }

    /// The failure as a sentence, naming the call and what the forge said.
    public var description: String {
        let statusText = status.map { " (HTTP \($0))" } ?? ""
        switch code {
        case .authentication:
            return "The forge refused the token for \(operation)\(statusText): \(message). Check the token and its scopes."
        case .forbidden:
            return "The forge forbade \(operation)\(statusText): \(message). The project may be archived, the discussion locked, or the bot's role too low."
        case .notFound:
            return "The forge found nothing at \(operation)\(statusText): \(message)."
        case .invalidPosition:
            return "The forge refused the inline position for \(operation)\(statusText): \(message)."
        case .rejected:
            return "The forge rejected \(operation)\(statusText): \(message)."
        case .rateLimited:
            return "The forge rate-limited \(operation)\(statusText): \(message)."
        case .server:
            return "The forge failed on \(operation)\(statusText): \(message)."
        case .transport:
            return "The forge could not be reached for \(operation): \(message)."
        case .decoding:
            return "The forge's answer to \(operation) could not be read: \(message)."
        }
    }
}
