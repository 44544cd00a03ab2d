/// How `warden responses-proxy` runs: upstream's flags plus the limits upstream lacks.
public struct ResponsesProxyConfiguration: Sendable {
    /// The port on 127.0.0.1; 0 lets the system pick one.
    public var port: Int
    /// Where `POST /v1/responses` goes.
    public var upstream: UpstreamEndpoint
    /// Whether `GET /shutdown` stops the proxy (exit 0).
    public var httpShutdown: Bool
    /// Where request and response dumps go, when set.
    public var dumpDirectory: String?
    /// How long connecting to the upstream may take before the client gets `504`.
    public var connectTimeout: Duration
    /// How long the upstream connection may be silent (no bytes either way) before it is given up: `504` before
    /// the response head, a cut stream after it.
    public var idleTimeout: Duration
    /// The largest request body forwarded; larger ones get `413`.
    public var maxRequestBodyBytes: Int
    /// How many upstream connections stay open between requests for reuse; 0 opens one per request and sends
    /// `Connection: close`.
    public var maxIdleUpstreamConnections: Int
    /// How long an upstream connection stays open unused before it is closed.
    public var upstreamKeepAlive: Duration

    /// The defaults: 10 s to connect, 300 s of silence, 64 MiB of request body, up to 32 idle upstream connections
    /// kept for 30 s.
    /// - Parameters:
    ///   - port: The port on 127.0.0.1; 0 for an ephemeral one.
    ///   - upstream: The upstream endpoint.
    ///   - httpShutdown: Whether `GET /shutdown` is enabled.
    ///   - dumpDirectory: Where dumps go, or `nil` for none.
    ///   - connectTimeout: The upstream connect timeout.
    ///   - idleTimeout: The upstream idle timeout.
    ///   - maxRequestBodyBytes: The request body limit.
    ///   - maxIdleUpstreamConnections: The most upstream connections kept open for reuse.
    ///   - upstreamKeepAlive: How long an unused upstream connection stays open.
    public init(
        port: Int = 0,
        upstream: UpstreamEndpoint,
        httpShutdown: Bool = false,
        dumpDirectory: String? = nil,
        connectTimeout: Duration = .seconds(10),
        idleTimeout: Duration = .seconds(300),
        maxRequestBodyBytes: Int = 64 * 1024 * 1024,
        maxIdleUpstreamConnections: Int = 32,
        upstreamKeepAlive: Duration = .seconds(30)
    ) {
        self.port = port
        self.upstream = upstream
        self.httpShutdown = httpShutdown
        self.dumpDirectory = dumpDirectory
        self.connectTimeout = connectTimeout
        self.idleTimeout = idleTimeout
        self.maxRequestBodyBytes = maxRequestBodyBytes
        self.maxIdleUpstreamConnections = maxIdleUpstreamConnections
        self.upstreamKeepAlive = upstreamKeepAlive
    }
}
