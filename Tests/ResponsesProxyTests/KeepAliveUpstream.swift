import Foundation
import Glibc
import Synchronization
import Testing

/// A raw HTTP/1.1 upstream that keeps connections open (unless told otherwise) and counts the connections it
/// accepted and saw closed, to observe the proxy's connection reuse.
final class KeepAliveUpstream: Sendable {
    /// How each response is framed and what happens to the connection after it.
    enum Mode: String, Sendable, CustomTestStringConvertible {
        case contentLength = "Content-Length"
        case chunked = "chunked"
        /// `Content-Length`, then the socket closes without a `Connection: close` header.
        case silentClose = "silent close"
        /// `Content-Length` and `Connection: close`, then the socket closes.
        case connectionCloseHeader = "Connection: close"
        /// Chunked, ten events 100 ms apart.
        case slowChunked = "slow chunked"

        var testDescription: String { rawValue }
    }

    let port: Int
    private let mode: Mode
    private let listener: Int32
    private let counts = Mutex((accepted: 0, closed: 0, requests: 0))

    init(mode: Mode) throws {
        self.mode = mode
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(listener, 16) == 0 else { throw POSIXError(.EADDRINUSE) }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(listener, $0, &length) }
        }
        self.listener = listener
        port = Int(UInt16(bigEndian: address.sin_port))
        Thread { [self] in acceptLoop() }.start()
    }

    /// Connections accepted so far.
    var accepted: Int { counts.withLock { $0.accepted } }
    /// Connections that ended so far (either side closed).
    var closed: Int { counts.withLock { $0.closed } }
    /// Requests served so far.
    var requests: Int { counts.withLock { $0.requests } }

    /// The body every response carries, in one piece (`Content-Length`) or as events (chunked).
    static let events = (1...10).map { "data: event \($0)\n\n" }

    /// Waits until `condition` holds, polling every 10 ms; false after `timeout`.
    func wait(timeout: Duration = .seconds(10), until condition: (KeepAliveUpstream) -> Bool) async throws -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if condition(self) { return true }
            try await Task.sleep(for: .milliseconds(10))
        }
        return condition(self)
    }

    /// Stops accepting; open connections end with their threads.
    func stop() {
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
    }

    private func acceptLoop() {
        while true {
            let connection = accept(listener, nil, nil)
            guard connection >= 0 else { return }
            counts.withLock { $0.accepted += 1 }
            Thread { [self] in
                serve(connection)
                close(connection)
                counts.withLock { $0.closed += 1 }
            }.start()
        }
    }

    /// Serves requests on one connection until either side closes it.
    private func serve(_ connection: Int32) {
        var received = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            guard let requestEnd = Self.requestEnd(in: received) else {
                let count = buffer.withUnsafeMutableBytes { recv(connection, $0.baseAddress, $0.count, 0) }
                if count <= 0 { return }
                received += buffer[0..<count]
                continue
            }
            received.removeFirst(requestEnd)
            counts.withLock { $0.requests += 1 }
            guard respond(on: connection) else { return }
        }
    }

    /// Sends one response; false when the connection is to end (by mode, or because the peer went away).
    private func respond(on connection: Int32) -> Bool {
        let body = Self.events.joined()
        switch mode {
        case .contentLength:
            return send(connection, "HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ncontent-length: \(body.utf8.count)\r\n\r\n\(body)")
        case .silentClose:
            _ = send(connection, "HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ncontent-length: \(body.utf8.count)\r\n\r\n\(body)")
            return false
        case .connectionCloseHeader:
            _ = send(connection, "HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ncontent-length: \(body.utf8.count)\r\nconnection: close\r\n\r\n\(body)")
            return false
        case .chunked, .slowChunked:
            guard send(connection, "HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ntransfer-encoding: chunked\r\n\r\n") else { return false }
            for event in Self.events {
                if mode == .slowChunked { Thread.sleep(forTimeInterval: 0.1) }
                guard send(connection, String(event.utf8.count, radix: 16) + "\r\n" + event + "\r\n") else { return false }
            }
            return send(connection, "0\r\n\r\n")
        }
    }

    private func send(_ connection: Int32, _ text: String) -> Bool {
        let bytes = Array(text.utf8)
        let sent = bytes.withUnsafeBytes { Glibc.send(connection, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        return sent == bytes.count
    }

    /// The length of the first whole request in `bytes` (head plus `Content-Length` or chunked body), or `nil`.
    private static func requestEnd(in bytes: [UInt8]) -> Int? {
        let separator: [UInt8] = Array("\r\n\r\n".utf8)
        guard bytes.count >= separator.count,
            let headEnd = (0...(bytes.count - separator.count)).first(where: { Array(bytes[$0..<($0 + separator.count)]) == separator })
        else { return nil }
        let head = String(decoding: bytes[0..<headEnd], as: UTF8.self).lowercased()
        if head.contains("transfer-encoding: chunked") {
            let terminator: [UInt8] = Array("0\r\n\r\n".utf8)
            let bodyStart = headEnd + separator.count
            guard bytes.count >= bodyStart + terminator.count else { return nil }
            return (bodyStart...(bytes.count - terminator.count))
                .first { Array(bytes[$0..<($0 + terminator.count)]) == terminator && ($0 == bodyStart || bytes[$0 - 1] == UInt8(ascii: "\n")) }
                .map { $0 + terminator.count }
        }
        let length = head.split(separator: "\r\n").first { $0.hasPrefix("content-length:") }
            .flatMap { Int($0.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)) } ?? 0
        let total = headEnd + separator.count + length
        return bytes.count >= total ? total : nil
    }
}
