import Hardening
import NIOCore

/// The upstream request head as raw HTTP/1.1 bytes, so the API key goes from its locked buffer straight into the
/// outbound `ByteBuffer` and never becomes a `String` (NIOHTTP1's `HTTPHeaders` and AsyncHTTPClient hold header
/// values as Strings).
enum UpstreamRequestHead {
    /// Encodes `POST <target> HTTP/1.1` with `Host`, `Authorization` from `authorization`, the forwarded headers,
    /// framing (`Content-Length` when known, else chunked) and, unless the connection is to be reused,
    /// `Connection: close`.
    ///
    /// The buffer is allocated at its final size up front, so no reallocation leaves a stray copy of the key.
    /// - Parameters:
    ///   - endpoint: The upstream.
    ///   - authorization: The header value, `Bearer <key>`.
    ///   - headers: The client headers to forward (already filtered).
    ///   - contentLength: The body length when the client declared one; `nil` sends the body chunked.
    ///   - keepAlive: Whether the connection stays open for further requests (no `Connection` header then).
    ///   - allocator: Where the buffer comes from.
    /// - Returns: The head, ending with the blank line.
    static func encode(
        endpoint: UpstreamEndpoint,
        authorization: LockedSecretBuffer,
        headers: [(name: String, value: String)],
        contentLength: Int?,
        keepAlive: Bool,
        allocator: ByteBufferAllocator
    ) -> ByteBuffer {
        let start = "POST \(endpoint.requestTarget) HTTP/1.1\r\nHost: \(endpoint.hostHeader)\r\nAuthorization: "
        let framing = contentLength.map { "Content-Length: \($0)\r\n" } ?? "Transfer-Encoding: chunked\r\n"
        let end = keepAlive ? "\r\n" : "Connection: close\r\n\r\n"
        let headerBytes = headers.reduce(0) { $0 + $1.name.utf8.count + $1.value.utf8.count + 4 }
        let capacity = start.utf8.count + authorization.count + 2 + headerBytes + framing.utf8.count + end.utf8.count
        var buffer = allocator.buffer(capacity: capacity)
        buffer.writeString(start)
        authorization.withUnsafeBytes { _ = buffer.writeBytes($0) }
        buffer.writeStaticString("\r\n")
        for header in headers {
            buffer.writeString(header.name)
            buffer.writeStaticString(": ")
            buffer.writeString(header.value)
            buffer.writeStaticString("\r\n")
        }
        buffer.writeString(framing)
        buffer.writeString(end)
        return buffer
    }

    /// Overwrites the buffer's storage with zeros in place, once the head has been written (the write completed)
    /// or the connection closed.
    ///
    /// The storage is wiped through `withVeryUnsafeBytes`, which never copies: a channel (or a closure that
    /// carried the write to the event loop) may still hold a reference for a moment after the write completed, and
    /// a copy-on-write API would then zero a fresh copy and leave the original bytes behind.
    static func wipe(_ buffer: inout ByteBuffer) {
        buffer.withVeryUnsafeBytes { storage in
            LockedSecretBuffer.wipe(UnsafeMutableRawBufferPointer(mutating: storage))
        }
    }
}
