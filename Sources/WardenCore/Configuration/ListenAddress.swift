/// The host and port the HTTP server binds: `127.0.0.1:8080`, `0.0.0.0:80`, `[::1]:8080`.
public struct ListenAddress: Sendable, Hashable, CustomStringConvertible {
    /// The host name or IP address, without the brackets of an IPv6 literal.
    public var host: String
    /// The TCP port; 0 asks the system for a free one.
    public var port: Int

    /// The address when nothing is configured.
    public static let `default` = ListenAddress(host: "127.0.0.1", port: 8080)

    /// The accepted form, shown in errors and documentation.
    public static let acceptedForm = "host:port with a port from 0 to 65535, IPv6 in brackets ([::1]:8080)"

    /// Creates an address from parts that are already valid.
    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// Parses `host:port` or `[ipv6]:port`.
    ///
    /// - Parameters:
    ///   - text: the configured value.
    ///   - key: the variable or file key it came from, for the error.
    /// - Throws: ``ConfigurationError`` naming `key` and the accepted form.
    public init(validating text: String, key: String) throws(ConfigurationError) {
        let invalid = ConfigurationError.invalidValue(
            key: key,
            problem: "is \"\(text.escapedForMessage)\"",
            expected: Self.acceptedForm
        )
        guard let colon = text.lastIndex(of: ":") else { throw invalid }
        var host = text[..<colon]
        let portText = text[text.index(after: colon)...]
        if host.hasPrefix("[") {
            guard host.hasSuffix("]"), host.count > 2 else { throw invalid }
            host = host.dropFirst().dropLast()
            guard host.contains(":") else { throw invalid }
        } else if host.contains(":") {
            throw invalid
        }
        let hostIsClean = !host.isEmpty && !host.contains { $0.isWhitespace || $0 == "[" || $0 == "]" || $0 == "/" }
        guard hostIsClean, !portText.isEmpty, portText.allSatisfy({ $0.isASCII && $0.isNumber }),
            let port = Int(portText), (0...65535).contains(port)
        else { throw invalid }
        self.init(host: String(host), port: port)
    }

    /// `host:port`, with IPv6 hosts in brackets.
    public var description: String {
        host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }
}
