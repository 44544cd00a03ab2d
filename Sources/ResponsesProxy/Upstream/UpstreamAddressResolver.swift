import Glibc
import NIOCore

/// Turns the upstream host into socket addresses once, so connections go straight to an address: no resolver
/// call and no happy-eyeballs race per connection.
enum UpstreamAddressResolver {
    /// The addresses for `host`, in the resolver's order: the literal itself for an IP address, else every
    /// IPv4 and IPv6 stream address `getaddrinfo` returns.
    /// - Parameters:
    ///   - host: A host name or IP address (IPv6 without brackets).
    ///   - port: The port.
    /// - Returns: At least one address.
    /// - Throws: ``ResponsesProxyError`` when the name does not resolve.
    static func resolve(host: String, port: Int) throws(ResponsesProxyError) -> [SocketAddress] {
        if let literal = try? SocketAddress(ipAddress: host, port: port) { return [literal] }
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_flags = AI_ADDRCONFIG
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, String(port), &hints, &list)
        guard status == 0, let list else {
            throw .upstreamUnreachable(reason: "\(host) does not resolve: \(String(cString: gai_strerror(status)))")
        }
        defer { freeaddrinfo(list) }
        var addresses: [SocketAddress] = []
        var entry: UnsafeMutablePointer<addrinfo>? = list
        while let current = entry {
            if let address = current.pointee.ai_addr {
                switch current.pointee.ai_family {
                case AF_INET:
                    addresses.append(SocketAddress(UnsafeRawPointer(address).load(as: sockaddr_in.self), host: host))
                case AF_INET6:
                    addresses.append(SocketAddress(UnsafeRawPointer(address).load(as: sockaddr_in6.self), host: host))
                default:
                    break
                }
            }
            entry = current.pointee.ai_next
        }
        guard !addresses.isEmpty else { throw .upstreamUnreachable(reason: "\(host) has no IPv4 or IPv6 address") }
        return addresses
    }
}
