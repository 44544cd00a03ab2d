import Foundation

/// Where the proxy forwards to, parsed once at startup from `--upstream-url`.
public struct UpstreamEndpoint: Sendable, Equatable {
    /// Whether the connection uses TLS (`https`).
    public let usesTLS: Bool
    /// The host name or address to connect to (IPv6 without brackets).
    public let host: String
    /// The port to connect to: the URL's, else 443 for https and 80 for http.
    public let port: Int
    /// The request target sent upstream: the URL's path (at least `/`) and its query, if any.
    public let requestTarget: String
    /// The `Host` header value: `host`, or `host:port` when the URL names a port (as upstream's proxy sends it).
    public let hostHeader: String
    /// The URL as given, for dumps and logs.
    public let url: String

    /// The default upstream, `https://api.openai.com/v1/responses`.
    public static let openAI = "https://api.openai.com/v1/responses"

    /// Parses an absolute `http` or `https` URL.
    /// - Parameter url: The URL, with path and optional query.
    /// - Throws: ``ResponsesProxyError`` when it is not an absolute http(s) URL with a host.
    public init(url: String) throws(ResponsesProxyError) {
        guard let components = URLComponents(string: url), let scheme = components.scheme?.lowercased() else {
            throw .invalidUpstreamURL(url, reason: "it is not an absolute URL")
        }
        guard scheme == "http" || scheme == "https" else {
            throw .invalidUpstreamURL(url, reason: "the scheme must be http or https")
        }
        guard let host = components.host, !host.isEmpty else {
            throw .invalidUpstreamURL(url, reason: "it has no host")
        }
        let bareHost = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        usesTLS = scheme == "https"
        self.host = bareHost
        port = components.port ?? (usesTLS ? 443 : 80)
        let path = components.percentEncodedPath.isEmpty ? "/" : components.percentEncodedPath
        requestTarget = components.percentEncodedQuery.map { "\(path)?\($0)" } ?? path
        let hostForHeader = bareHost.contains(":") ? "[\(bareHost)]" : bareHost
        hostHeader = components.port.map { "\(hostForHeader):\($0)" } ?? hostForHeader
        self.url = url
    }
}
