/// What the proxy does with a request, decided from its head alone; upstream's rules, exactly.
public enum ProxyRoute: Sendable, Equatable {
    /// `POST /v1/responses`, exact request target: forwarded upstream.
    case forward
    /// `GET /shutdown` while `--http-shutdown` is on: answered `200`, then the proxy exits 0.
    case shutdown
    /// Anything else, including query strings, trailing slashes, absolute-form targets and upgrade requests: `403`.
    case forbidden

    /// The route for a request.
    /// - Parameters:
    ///   - method: The request method (`POST`).
    ///   - target: The raw request target, exactly as sent (`/v1/responses`).
    ///   - isUpgrade: Whether the request asks to switch protocols (`Upgrade` header, WebSocket).
    ///   - shutdownEnabled: Whether `--http-shutdown` was given.
    /// - Returns: The route.
    public static func decide(method: String, target: String, isUpgrade: Bool, shutdownEnabled: Bool) -> ProxyRoute {
        if shutdownEnabled, method == "GET", target == "/shutdown" { return .shutdown }
        if method == "POST", target == "/v1/responses", !isUpgrade { return .forward }
        return .forbidden
    }
}
