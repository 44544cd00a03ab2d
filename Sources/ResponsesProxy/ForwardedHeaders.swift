/// Which headers cross the proxy, in each direction (RFC 9110 §7.6.1 hop-by-hop headers stay behind).
public enum ForwardedHeaders {
    /// Hop-by-hop and framing headers: meaningful for one connection only. The proxy sets its own framing.
    static let hopByHop: Set<String> = [
        "connection", "keep-alive", "proxy-connection", "proxy-authenticate", "proxy-authorization",
        "te", "trailer", "transfer-encoding", "upgrade", "content-length",
    ]

    /// Headers the proxy replaces for the upstream: the client's credentials and the client's idea of the host.
    /// `expect` is answered by the proxy itself.
    static let replacedUpstream: Set<String> = ["authorization", "host", "expect"]

    /// Everything never sent upstream, built once rather than per request.
    private static let droppedUpstream = hopByHop.union(replacedUpstream)

    /// The client request headers to send upstream, in order, duplicates kept.
    /// - Parameter headers: The client's headers as (name, value) pairs.
    /// - Returns: Every header except `Authorization`, `Host`, `Expect`, hop-by-hop and framing headers, and
    ///   headers the client's `Connection` header names.
    public static func upstreamRequest(_ headers: [(name: String, value: String)]) -> [(name: String, value: String)] {
        let options = connectionOptions(headers)
        let dropped = options.isEmpty ? droppedUpstream : droppedUpstream.union(options)
        return headers.filter { !dropped.contains($0.name.lowercased()) }
    }

    /// The upstream response headers to send to the client, in order, duplicates kept.
    /// - Parameter headers: The upstream's headers as (name, value) pairs.
    /// - Returns: Every header except hop-by-hop and framing headers and those the `Connection` header names.
    public static func clientResponse(_ headers: [(name: String, value: String)]) -> [(name: String, value: String)] {
        let options = connectionOptions(headers)
        let dropped = options.isEmpty ? hopByHop : hopByHop.union(options)
        return headers.filter { !dropped.contains($0.name.lowercased()) }
    }

    /// The header names listed in `Connection` (`Connection: close, x-foo` names `x-foo`), lowercased.
    static func connectionOptions(_ headers: [(name: String, value: String)]) -> Set<String> {
        var names: Set<String> = []
        for header in headers where header.name.lowercased() == "connection" {
            for token in header.value.split(separator: ",") {
                names.insert(token.trimmingWhitespace().lowercased())
            }
        }
        return names
    }
}

extension Substring {
    /// The text without leading and trailing spaces and tabs.
    func trimmingWhitespace() -> String {
        let isBlank: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let first = firstIndex(where: { !isBlank($0) }), let last = lastIndex(where: { !isBlank($0) }) else { return "" }
        return String(self[first...last])
    }
}
