import Foundation
import Glibc

/// Sends `request` verbatim to 127.0.0.1:`port` and returns everything the server sent until it closed the
/// connection (or 10 s passed): for request lines no HTTP client library would send (absolute-form targets,
/// upgrades).
func rawExchange(port: Int, request: String) throws -> String {
    try rawSend(port: port, request: request, until: nil)
}

/// Sends `request` to 127.0.0.1:`port`, waits until the response contains `marker`, then closes the connection
/// without reading the rest: a client that gives up mid-stream. Returns what arrived before closing.
func rawAbort(port: Int, request: String, after marker: String) throws -> String {
    try rawSend(port: port, request: request, until: marker)
}

/// The status code of a raw HTTP response (`HTTP/1.1 403 Forbidden…` → 403), or `nil`.
func statusCode(of response: String) -> Int? {
    let parts = response.split(separator: " ", maxSplits: 2)
    guard parts.count >= 2 else { return nil }
    return Int(parts[1])
}

/// Connects, sends `request`, and reads until the server closes the connection, 10 s of silence pass, or
/// (when given) what arrived contains `marker`; then closes its side.
private func rawSend(port: Int, request: String, until marker: String?) throws -> String {
    let socketDescriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard socketDescriptor >= 0 else { throw POSIXError(.EIO) }
    defer { close(socketDescriptor) }
    var timeout = timeval(tv_sec: 10, tv_usec: 0)
    setsockopt(socketDescriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = in_port_t(UInt16(port).bigEndian)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    let connected = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socketDescriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
    }
    guard connected == 0 else { throw POSIXError(.ECONNREFUSED) }
    let bytes = Array(request.utf8)
    _ = bytes.withUnsafeBytes { send(socketDescriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
    var received = Data()
    var chunk = [UInt8](repeating: 0, count: 65_536)
    while marker.map({ !String(decoding: received, as: UTF8.self).contains($0) }) ?? true {
        let count = chunk.withUnsafeMutableBytes { recv(socketDescriptor, $0.baseAddress, $0.count, 0) }
        if count <= 0 { break }
        received.append(contentsOf: chunk[0..<count])
    }
    return String(decoding: received, as: UTF8.self)
}
