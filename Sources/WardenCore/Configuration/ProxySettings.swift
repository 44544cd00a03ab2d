/// An HTTP forward proxy: `http://host:port`, as squid's plain listener takes it.
///
/// Traffic to `https://` hosts goes through it as `CONNECT host:443`; plain `http://` requests are sent to it in
/// absolute form. Credentials in the URL are refused: they would be one more secret to keep out of logs and
/// children, and the proxy Warden's deployment runs needs none (the NetworkPolicy decides who reaches it).
public struct ProxyEndpoint: Sendable, Hashable, CustomStringConvertible {
    /// The proxy's host name or address (an IPv6 address without brackets).
    public var host: String
    /// The proxy's port.
    public var port: Int

    /// The accepted form.
    public static let form = "http://host:port (no credentials, no path)"

    /// Creates an endpoint from parts that are already valid.
    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// Parses `http://host:port` (a trailing `/` is allowed; the port defaults to 80); `nil` for anything else.
    public init?(url text: String) {
        guard text.lowercased().hasPrefix("http://") else { return nil }
        var rest = Substring(text.dropFirst("http://".count))
        if rest.hasSuffix("/") { rest = rest.dropLast() }
        guard !rest.isEmpty, !rest.contains("/"), !rest.contains("@"), !rest.contains("?"), !rest.contains("#") else { return nil }
        let host: Substring
        var portText: Substring?
        if rest.hasPrefix("[") {
            guard let close = rest.firstIndex(of: "]") else { return nil }
            host = rest[rest.index(after: rest.startIndex)..<close]
            let after = rest[rest.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else { return nil }
                portText = after.dropFirst()
            }
        } else {
            let parts = rest.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count <= 2 else { return nil }
            host = parts[0]
            portText = parts.count == 2 ? parts[1] : nil
        }
        guard !host.isEmpty, host.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-._:".contains($0)) }) else { return nil }
        var port = 80
        if let portText {
            guard let parsed = Int(portText), (1...65_535).contains(parsed), portText.allSatisfy(\.isASCII) else { return nil }
            port = parsed
        }
        self.init(host: String(host), port: port)
    }

    /// `http://host:port`, with brackets around an IPv6 address.
    public var url: String { "http://\(host.contains(":") ? "[\(host)]" : host):\(port)" }

    /// The proxy's URL.
    public var description: String { url }
}

/// Which hosts bypass a proxy (`proxy.no_proxy`), in the grammar curl and git read from `NO_PROXY`.
///
/// An entry matches the host itself and, as a domain, every name under it (`example.com` and `.example.com` both
/// match `git.example.com`); `*` matches everything; host names compare without case; addresses compare exactly.
/// Pure, tested as a table.
public struct NoProxyList: Sendable, Hashable {
    /// The entries, as configured.
    public var entries: [String]

    /// Creates a list.
    public init(_ entries: [String]) {
        self.entries = entries
    }

    /// Whether traffic to `host` goes direct.
    public func bypasses(_ host: String) -> Bool {
        var name = host.lowercased()
        if name.hasPrefix("["), name.hasSuffix("]") { name = String(name.dropFirst().dropLast()) }
        if name.hasSuffix(".") { name.removeLast() }
        return entries.contains { entry in
            var pattern = entry.lowercased()
            if pattern == "*" { return true }
            if pattern.hasPrefix("*") { pattern.removeFirst() }
            if pattern.hasPrefix(".") { pattern.removeFirst() }
            guard !pattern.isEmpty else { return false }
            return name == pattern || name.hasSuffix("." + pattern)
        }
    }

    /// The list as curl and git read it from `NO_PROXY`.
    public var environmentValue: String { entries.joined(separator: ",") }
}

/// The `proxy` section: how Warden's own outbound HTTP (the forge's API, git fetch and push) leaves the machine.
///
/// Codex has its own proxy (`codex.https_proxy`), so the deployment can give the two different allowlists.
public struct ProxySettings: Sendable, Hashable {
    /// The proxy for Warden's own traffic, or `nil` to connect directly.
    public var endpoint: ProxyEndpoint?
    /// Hosts reached directly even when ``endpoint`` is set.
    public var noProxy: NoProxyList

    /// Creates settings from values that are already valid.
    public init(endpoint: ProxyEndpoint? = nil, noProxy: NoProxyList = NoProxyList(Self.defaultNoProxy)) {
        self.endpoint = endpoint
        self.noProxy = noProxy
    }

    /// Loopback, which never goes through a proxy unless configured otherwise.
    public static let defaultNoProxy = ["localhost", "127.0.0.1", "::1"]

    /// The proxy to use for `host`, or `nil` to connect directly.
    public func endpoint(for host: String) -> ProxyEndpoint? {
        guard let endpoint, !noProxy.bypasses(host) else { return nil }
        return endpoint
    }

    init(from values: ConfigurationValues) throws(ConfigurationError) {
        let registry = WardenConfiguration.Registry.self
        self.init(endpoint: try values.value(registry.proxyURL), noProxy: NoProxyList(try values.value(registry.proxyNoProxy)))
    }
}

extension SettingType where Value == ProxyEndpoint {
    /// An `http://host:port` proxy URL.
    public static let proxyURL = Self(
        form: ProxyEndpoint.form,
        decode: { input throws(ConfigurationError) in
            let text = try input.text(expected: ProxyEndpoint.form)
            guard let endpoint = ProxyEndpoint(url: text) else {
                // Not quoted: a refused value may be a URL with credentials in it.
                throw input.invalid("is not an http:// proxy URL without credentials", expected: ProxyEndpoint.form)
            }
            return endpoint
        },
        render: \.url
    )
}
