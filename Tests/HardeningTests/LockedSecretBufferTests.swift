import Foundation
import Hardening
import Testing

@Suite("LockedSecretBuffer")
struct LockedSecretBufferTests {
    @Test("maps and locks its memory; a fresh buffer holds nothing")
    func locks() throws {
        let buffer = try LockedSecretBuffer(capacity: 1_024)
        #expect(buffer.capacity == 1_024)
        #expect(buffer.count == 0)
        // The tests run as root (CAP_IPC_LOCK), so mlock always succeeds here.
        #expect(buffer.isLocked)
    }

    @Test("wipe zeroes the secret and leaves nothing to read")
    func wipes() throws {
        var descriptors: [Int32] = [0, 0]
        #expect(pipe(&descriptors) == 0)
        _ = Array("sk-wipe-me\n".utf8).withUnsafeBytes { write(descriptors[1], $0.baseAddress, $0.count) }
        close(descriptors[1])
        defer { close(descriptors[0]) }
        let buffer = try KeyIntake.readBearerHeaderValue(from: descriptors[0])
        #expect(buffer.count == "Bearer sk-wipe-me".utf8.count)
        let base = buffer.withUnsafeBytes { $0.baseAddress }
        buffer.wipe()
        #expect(buffer.count == 0)
        let address = try #require(base)
        let after = UnsafeRawBufferPointer(start: address, count: 17)
        #expect(after.allSatisfy { $0 == 0 })
    }

    @Test("wipe(_:) zeroes a copy held elsewhere")
    func wipesCopies() {
        var bytes: [UInt8] = Array("Bearer sk-copy".utf8)
        bytes.withUnsafeMutableBytes { LockedSecretBuffer.wipe($0) }
        #expect(bytes.allSatisfy { $0 == 0 })
    }
}
