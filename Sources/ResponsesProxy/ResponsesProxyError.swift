/// A failure of the responses proxy: bad startup configuration, or an upstream that could not serve a request.
public struct ResponsesProxyError: Error, Sendable, CustomStringConvertible, Equatable {
    private enum Code: String, Sendable {
        case invalidUpstreamURL = "invalid_upstream_url"
        case upstreamUnreachable = "upstream_unreachable"
        case upstreamTimeout = "upstream_timeout"
        case upstreamProtocol = "upstream_protocol"
        case bindFailed = "bind_failed"
        case serverInfoFailed = "server_info_failed"
    }

    private let code: Code
    private let detail: String

    private init(code: Code, detail: String) {
        self.code = code
        self.detail = detail
    }

    /// `--upstream-url` is not usable.
    public static func invalidUpstreamURL(_ url: String, reason: String) -> Self {
        Self(code: .invalidUpstreamURL, detail: "invalid --upstream-url \(url): \(reason)")
    }

    /// The upstream could not be connected to or dropped the connection before a response head.
    public static func upstreamUnreachable(reason: String) -> Self {
        Self(code: .upstreamUnreachable, detail: "the upstream could not be reached: \(reason)")
    }

    /// The upstream did not connect or answer within its timeout.
    public static func upstreamTimeout(reason: String) -> Self {
        Self(code: .upstreamTimeout, detail: "the upstream timed out: \(reason)")
    }

    /// The upstream answered with something that is not an HTTP/1.1 response.
    public static func upstreamProtocol(reason: String) -> Self {
        Self(code: .upstreamProtocol, detail: "the upstream sent an invalid response: \(reason)")
    }

    /// The listening socket could not be bound.
    public static func bindFailed(port: Int, reason: String) -> Self {
        Self(code: .bindFailed, detail: "cannot listen on 127.0.0.1:\(port): \(reason)")
    }

    /// `--server-info` could not be written.
    public static func serverInfoFailed(path: String, reason: String) -> Self {
        Self(code: .serverInfoFailed, detail: "cannot write --server-info \(path): \(reason)")
    }

    /// Whether the failure is a timeout (answered `504`) rather than an unreachable upstream (`502`).
    public var isTimeout: Bool { code == .upstreamTimeout }

    /// A short, low-cardinality form for metric labels and the `code` of JSON error bodies.
    public var metricLabel: String { code.rawValue }

    public var description: String { detail }
}
