public import Codex

extension GatewayError {
    /// The client-facing error for anything thrown while serving a request: gateway errors pass
    /// through, app-server errors become 503 (retryable, the worker is restarting) or 502.
    ///
    /// - Parameter error: what was thrown.
    /// - Returns: the error to answer with.
    public static func classify(_ error: any Error) -> GatewayError {
        if let error = error as? GatewayError { return error }
        guard let error = error as? AppServerError else { return .upstreamFailed("an internal error occurred") }
        switch error.code {
        case .notReady: return .workerUnavailable("starting or restarting")
        case .stopped: return .workerUnavailable("shutting down")
        case _ where error.isRetryable: return .workerFailed
        default: return .upstreamFailed(error.rpcError?.message ?? "the app-server answered with an error")
        }
    }

    /// The client-facing error for a turn codex failed, from its `codexErrorInfo` (and, when that
    /// says nothing specific, its message).
    ///
    /// - Parameter error: the turn's error, if codex gave one.
    /// - Returns: 400 `context_length_exceeded`, 429 `insufficient_quota` or `rate_limit_exceeded`,
    ///   502 for codex's own authentication failing, else 502 with codex's message.
    public static func turnFailed(_ error: AppServerTurnError?) -> GatewayError {
        guard let error else { return .upstreamFailed("the turn failed without a reason") }
        switch error.kind {
        case "contextWindowExceeded": return .contextLengthExceeded
        case "usageLimitExceeded", "sessionBudgetExceeded", "quotaExceeded", "insufficientQuota": return .insufficientQuota
        case "rateLimitExceeded", "serverOverloaded": return .rateLimited()
        case "unauthorized": return .upstreamAuthentication
        default: break
        }
        if case .object(let members)? = error.codexErrorInfo, let status = members.values.first?["httpStatusCode"] {
            switch status {
            case .integer(401), .integer(403): return .upstreamAuthentication
            case .integer(429): return .rateLimited()
            default: break
            }
        }
        let classified = CodexError.classify(message: error.message, exitStatus: nil, stderrTail: "")
        switch classified.code {
        case .contextWindowExceeded: return .contextLengthExceeded
        case .usageLimit where classified.usageLimit?.kind == .rateLimit: return .rateLimited()
        case .usageLimit: return .insufficientQuota
        case .authentication: return .upstreamAuthentication
        default: return .upstreamFailed(String(error.message.prefix(300)))
        }
    }
}
