public import Foundation
public import HTTPTypes
public import WardenCore

/// A failure the gateway reports to a chat client, in the OpenAI error shape.
///
/// Every failure, whether the client's request, the admission queue or codex, is mapped to one of
/// these once, at the edge; ``status``, ``type``, ``openAICode`` and ``param`` are what the OpenAI
/// clients read (the SDKs pick their exception class from the status alone), and
/// ``shouldRetry`` and ``retryAfterSeconds`` become the `x-should-retry` and `Retry-After` headers.
public struct GatewayError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The kind of failure, whose raw value is the metric label.
    public enum Code: String, Sendable, Equatable {
        /// The `Authorization` header is missing or wrong.
        case invalidAPIKey = "invalid_api_key"
        /// The request cannot be served as written.
        case invalidRequest = "invalid_request"
        /// The request uses a parameter the gateway does not support.
        case unsupportedParameter = "unsupported_parameter"
        /// The requested model does not exist.
        case modelNotFound = "model_not_found"
        /// No such route.
        case notFound = "not_found"
        /// The conversation exceeds the model's context window.
        case contextLengthExceeded = "context_length_exceeded"
        /// The model provider's quota is spent.
        case insufficientQuota = "insufficient_quota"
        /// The model provider rate-limited the turn.
        case rateLimited = "rate_limit_exceeded"
        /// The gateway's monthly budget (`costs.monthly_budget_usd.gateway`) is spent.
        case budgetExceeded = "budget_exceeded"
        /// The admission queue is full.
        case overloaded = "overloaded"
        /// No app-server worker is ready.
        case workerUnavailable = "worker_unavailable"
        /// The app-server worker failed during the request.
        case workerFailed = "worker_failed"
        /// codex's own credentials were refused.
        case upstreamAuthentication = "upstream_authentication"
        /// codex or the provider failed otherwise.
        case upstreamFailed = "upstream_failed"
        /// The turn hit its deadline.
        case timedOut = "timeout"
    }

    /// What went wrong; callers decide on it, and ``metricLabel`` is its raw value.
    public let code: Code
    /// The message shown to the client; never a secret, never codex's stderr.
    public let message: String
    /// The request parameter at fault (`n`, `messages`), when there is one.
    public let param: String?
    /// Seconds the client should wait before retrying, for `Retry-After`.
    public let retryAfterSeconds: Int?

    private init(_ code: Code, _ message: String, param: String? = nil, retryAfterSeconds: Int? = nil) {
        self.code = code
        self.message = message
        self.param = param
        self.retryAfterSeconds = retryAfterSeconds
    }

    /// The `Authorization` header is missing or does not carry the gateway's key.
    public static var invalidAPIKey: Self {
        Self(.invalidAPIKey, "Incorrect or missing API key. Send it as `Authorization: Bearer <key>`.")
    }

    /// The request body is not a chat completion request Warden can read.
    public static func invalidRequest(_ message: String, param: String? = nil) -> Self {
        Self(.invalidRequest, message, param: param)
    }

    /// A parameter whose value the gateway cannot honour (`n > 1`, image parts).
    public static func unsupported(_ message: String, param: String) -> Self {
        Self(.unsupportedParameter, message, param: param)
    }

    /// The requested model is neither in codex's catalogue nor in the alias table.
    public static func modelNotFound(_ model: String) -> Self {
        Self(.modelNotFound, "The model `\(model)` does not exist or you do not have access to it.", param: "model")
    }

    /// No route or resource by that name.
    public static func notFound(_ message: String) -> Self {
        Self(.notFound, message)
    }

    /// The conversation does not fit the model's context window.
    public static var contextLengthExceeded: Self {
        Self(.contextLengthExceeded, "This model's maximum context length was exceeded; shorten the messages.", param: "messages")
    }

    /// The model provider reports the account's quota as used up.
    public static var insufficientQuota: Self {
        Self(.insufficientQuota, "The model provider reports that the quota is exhausted; check the plan and billing details.")
    }

    /// The model provider rate-limited codex.
    public static func rateLimited(retryAfterSeconds: Int = 5) -> Self {
        Self(.rateLimited, "The model provider is rate limiting requests; retry shortly.", retryAfterSeconds: retryAfterSeconds)
    }

    /// The gateway's monthly budget is spent: new requests wait for the next month (or a larger budget).
    public static func budgetExceeded(_ hold: BudgetHold, now: Date) -> Self {
        Self(
            .budgetExceeded,
            "Warden's monthly budget for the chat gateway is spent: \(hold.reason).",
            retryAfterSeconds: max(1, Int(hold.until.timeIntervalSince(now)))
        )
    }

    /// Every turn slot was busy for the whole admission timeout.
    public static func overloaded(retryAfterSeconds: Int) -> Self {
        Self(.overloaded, "The gateway is at its concurrent turn limit; retry shortly.", retryAfterSeconds: retryAfterSeconds)
    }

    /// The codex worker is starting or being restarted.
    public static func workerUnavailable(_ state: String) -> Self {
        Self(.workerUnavailable, "The codex worker is not ready (\(state)); retry shortly.", retryAfterSeconds: 1)
    }

    /// The codex worker went away while the request was in flight.
    public static var workerFailed: Self {
        Self(.workerFailed, "The codex worker exited while answering; retry the request.", retryAfterSeconds: 1)
    }

    /// codex could not authenticate with the model provider: the operator must log codex in again.
    public static var upstreamAuthentication: Self {
        Self(
            .upstreamAuthentication,
            "codex could not authenticate with the model provider; the gateway operator must refresh codex's login (auth.json or the provider key)."
        )
    }

    /// codex failed the turn for another reason.
    public static func upstreamFailed(_ reason: String) -> Self {
        Self(.upstreamFailed, "codex could not complete the turn: \(reason)")
    }

    /// The request ran longer than the gateway's per-request limit.
    public static func timedOut(after limit: Duration) -> Self {
        Self(.timedOut, "The request did not complete within the gateway's limit of \(limit).")
    }

    /// The HTTP status (``HTTPResponseError``'s requirement: Hummingbird renders a thrown error with it).
    public var status: HTTPResponse.Status {
        switch code {
        case .invalidAPIKey: 401
        case .invalidRequest, .unsupportedParameter, .contextLengthExceeded: 400
        case .modelNotFound, .notFound: 404
        case .insufficientQuota, .rateLimited, .overloaded, .budgetExceeded: 429
        case .workerUnavailable, .workerFailed: 503
        case .upstreamAuthentication, .upstreamFailed: 502
        case .timedOut: 504
        }
    }

    /// The OpenAI error `type`.
    public var type: String {
        switch code {
        case .invalidAPIKey, .invalidRequest, .unsupportedParameter, .modelNotFound, .notFound, .contextLengthExceeded:
            "invalid_request_error"
        case .insufficientQuota, .budgetExceeded: "insufficient_quota"
        case .rateLimited, .overloaded: "rate_limit_error"
        case .workerUnavailable, .workerFailed, .upstreamAuthentication, .upstreamFailed, .timedOut: "server_error"
        }
    }

    /// The OpenAI error `code`.
    public var openAICode: String? {
        switch code {
        case .invalidRequest: nil
        default: code.rawValue
        }
    }

    /// The value of `x-should-retry`: clients retry only what may succeed on a second try.
    public var shouldRetry: Bool? {
        switch code {
        case .workerUnavailable, .workerFailed, .overloaded, .rateLimited: true
        case .upstreamAuthentication, .upstreamFailed, .timedOut, .insufficientQuota, .budgetExceeded: false
        default: nil
        }
    }

    /// A short, low-cardinality form for metric labels.
    public var metricLabel: String { code.rawValue }

    /// The error as the `error` member of an OpenAI error body.
    public var body: OpenAIErrorBody {
        OpenAIErrorBody(error: .init(message: message, type: type, param: param, code: openAICode))
    }

    public var description: String {
        "gateway error \(status.code) (\(code.rawValue)): \(message)"
    }
}

/// The OpenAI error envelope: `{"error":{"message","type","param","code"}}`.
public struct OpenAIErrorBody: Sendable, Equatable, Codable {
    /// The error object.
    public struct Detail: Sendable, Equatable, Codable {
        /// A sentence for people.
        public var message: String
        /// The error class (`invalid_request_error`, `server_error`…).
        public var type: String
        /// The parameter at fault, or `null`.
        public var param: String?
        /// A stable machine-readable code, or `null`.
        public var code: String?

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(message, forKey: .message)
            try container.encode(type, forKey: .type)
            try container.encode(param, forKey: .param)
            try container.encode(code, forKey: .code)
        }
    }

    /// The error.
    public var error: Detail
}
