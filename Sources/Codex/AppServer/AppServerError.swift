/// A failure talking to `codex app-server`: the worker, the protocol or one request.
///
/// ``isRetryable`` tells a caller (the gateway) whether the same request may succeed on a fresh
/// worker: everything caused by the worker dying or not being up yet is retryable; an error the
/// server answered on purpose (`thread not found`) or a reply Warden cannot read is not.
public struct AppServerError: Error, Sendable, CustomStringConvertible, Equatable {
    /// The kind of failure, whose raw value is the metric label.
    public enum Code: String, Sendable, Equatable {
        /// No worker is ready to take the request.
        case notReady = "not_ready"
        /// The worker exited while the request was in flight.
        case workerExited = "worker_exited"
        /// `initialize` got no answer in time.
        case handshakeTimedOut = "handshake_timeout"
        /// A request got no answer in time.
        case requestTimedOut = "request_timeout"
        /// The server answered with a JSON-RPC error.
        case rpcError = "rpc_error"
        /// A reply Warden cannot read.
        case malformedMessage = "malformed_message"
        /// The app-server could not be started.
        case spawnFailed = "spawn_failed"
        /// The supervisor is shutting down.
        case stopped = "stopped"
    }

    /// What went wrong; callers decide on it, and ``metricLabel`` is its raw value.
    public let code: Code
    /// The JSON-RPC method concerned, when there is one.
    public let method: String?
    /// The JSON-RPC error the server answered with, for ``rpcError(method:error:)``.
    public let rpcError: JSONRPCErrorObject?
    /// What happened, for the operator; never contains a secret or model output.
    public let detail: String

    private init(code: Code, method: String? = nil, rpcError: JSONRPCErrorObject? = nil, detail: String) {
        self.code = code
        self.method = method
        self.rpcError = rpcError
        self.detail = detail
    }

    /// No worker is ready to take the request (starting, restarting, or out of restarts).
    public static func notReady(_ state: String) -> Self {
        Self(code: .notReady, detail: "the app-server is not ready (\(state))")
    }

    /// The worker process exited or its pipes closed while the request or turn was in flight.
    public static func workerExited(_ reason: String) -> Self {
        Self(code: .workerExited, detail: reason)
    }

    /// `initialize` did not complete in time.
    public static func handshakeTimedOut(after timeout: Duration) -> Self {
        Self(code: .handshakeTimedOut, method: "initialize", detail: "no initialize response within \(timeout)")
    }

    /// A request got no response in time.
    public static func requestTimedOut(method: String, after timeout: Duration) -> Self {
        Self(code: .requestTimedOut, method: method, detail: "no response within \(timeout)")
    }

    /// The server answered the request with a JSON-RPC error.
    public static func rpcError(method: String, error: JSONRPCErrorObject) -> Self {
        Self(code: .rpcError, method: method, rpcError: error, detail: "\(error.message) (code \(error.code))")
    }

    /// A line from the server, or a response to a request, that Warden cannot read.
    public static func malformedMessage(method: String? = nil, _ detail: String) -> Self {
        Self(code: .malformedMessage, method: method, detail: detail)
    }

    /// The worker process could not be started.
    public static func spawnFailed(_ detail: String) -> Self {
        Self(code: .spawnFailed, detail: detail)
    }

    /// The supervisor is shutting down or has stopped.
    public static var stopped: Self {
        Self(code: .stopped, detail: "the app-server supervisor has stopped")
    }

    /// Whether the same request may succeed if sent again, on this worker or the next one.
    public var isRetryable: Bool {
        switch code {
        case .notReady, .workerExited, .handshakeTimedOut, .requestTimedOut, .spawnFailed: true
        case .rpcError, .malformedMessage, .stopped: false
        }
    }

    /// A short, low-cardinality form for metric labels.
    public var metricLabel: String { code.rawValue }

    public var description: String {
        var text = "codex app-server error (\(code.rawValue))"
        if let method { text += " in \(method)" }
        return text + ": \(detail)"
    }
}
