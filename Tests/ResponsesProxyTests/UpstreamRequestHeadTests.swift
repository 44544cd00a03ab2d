import Foundation
import Glibc
import Hardening
import NIOCore
@testable import ResponsesProxy
import Testing

/// The raw upstream request head: framing and connection headers, and a wipe that reaches the shared storage.
@Suite("UpstreamRequestHead")
struct UpstreamRequestHeadTests {
    /// `Bearer <key>` in a locked buffer, read through a pipe like the proxy's stdin.
    private func authorization(_ key: String) throws -> LockedSecretBuffer {
        var descriptors: [Int32] = [0, 0]
        #expect(pipe(&descriptors) == 0)
        _ = Array((key + "\n").utf8).withUnsafeBytes { write(descriptors[1], $0.baseAddress, $0.count) }
        close(descriptors[1])
        defer { close(descriptors[0]) }
        return try KeyIntake.readBearerHeaderValue(from: descriptors[0])
    }

    private func encode(keepAlive: Bool, contentLength: Int?) throws -> String {
        let head = UpstreamRequestHead.encode(
            endpoint: try UpstreamEndpoint(url: "http://127.0.0.1:9/v1/responses"),
            authorization: try authorization("sk-head"),
            headers: [(name: "x-a", value: "1")],
            contentLength: contentLength,
            keepAlive: keepAlive,
            allocator: ByteBufferAllocator()
        )
        return String(buffer: head)
    }

    @Test("a pooled request omits Connection: close; an unpooled one sends it")
    func connectionHeader() throws {
        #expect(try encode(keepAlive: true, contentLength: 2) == "POST /v1/responses HTTP/1.1\r\nHost: 127.0.0.1:9\r\nAuthorization: Bearer sk-head\r\nx-a: 1\r\nContent-Length: 2\r\n\r\n")
        #expect(try encode(keepAlive: false, contentLength: nil) == "POST /v1/responses HTTP/1.1\r\nHost: 127.0.0.1:9\r\nAuthorization: Bearer sk-head\r\nx-a: 1\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n")
    }

    @Test("wipe zeroes the storage in place, even while another reference to it is alive")
    func wipeReachesSharedStorage() throws {
        var head = UpstreamRequestHead.encode(
            endpoint: try UpstreamEndpoint(url: "http://127.0.0.1:9/v1/responses"),
            authorization: try authorization("sk-wipe"),
            headers: [],
            contentLength: 0,
            keepAlive: true,
            allocator: ByteBufferAllocator()
        )
        let stillReferenced = head
        UpstreamRequestHead.wipe(&head)
        #expect(stillReferenced.readableBytesView.allSatisfy { $0 == 0 })
        #expect(head.readableBytesView.allSatisfy { $0 == 0 })
    }
}
