@testable import ExecSidecar
import Testing

@Suite("Exec frame decoder")
struct ExecFrameDecoderTests {
    @Test("reassembles frames split at any byte")
    func reassembles() throws {
        let frames = [ExecFrame(.standardOutput, text: "hello"), ExecFrame(.standardError, payload: []), ExecFrame(.exit, text: "{}")]
        let bytes = frames.flatMap(\.encoded)
        for split in 0...bytes.count {
            var decoder = ExecFrameDecoder(maximumPayloadSize: 100)
            var decoded: [ExecFrame] = []
            decoder.append(bytes[..<split])
            while let frame = try decoder.next() { decoded.append(frame) }
            decoder.append(bytes[split...])
            while let frame = try decoder.next() { decoded.append(frame) }
            #expect(decoded == frames, "split at \(split)")
        }
    }

    @Test("keeps a bounded buffer over 100 MiB of frames that never end at a read's boundary")
    func boundedBuffer() throws {
        let frame = ExecFrame(.standardOutput, payload: Array(repeating: 0x41, count: ExecFrame.maximumChunkSize)).encoded
        // Reads of 100 000 bytes never line up with 65 541-byte frames, so the buffer is never drained to empty.
        let read = 100_000
        var stream: [UInt8] = []
        var decoder = ExecFrameDecoder(maximumPayloadSize: ExecFrame.maximumChunkSize)
        var decoded = 0
        var largest = 0
        var fed = 0
        while fed < 100 * 1024 * 1024 {
            while stream.count < read { stream += frame }
            decoder.append(stream[..<read])
            stream.removeFirst(read)
            fed += read
            largest = max(largest, decoder.retainedByteCount)
            while let next = try decoder.next() {
                #expect(next.payload.count == ExecFrame.maximumChunkSize)
                decoded += 1
            }
        }
        #expect(decoded >= fed / frame.count - 1)
        #expect(largest <= 2 * ExecFrameDecoder.compactionThreshold + frame.count + read, "retained \(largest) bytes")
    }

    @Test("refuses a payload over the limit from the header alone")
    func refusesOversized() {
        var decoder = ExecFrameDecoder(maximumPayloadSize: 1024)
        decoder.append([ExecFrame.Kind.request.rawValue, 0x01, 0x00, 0x00, 0x00])
        #expect(throws: ExecSidecarError.frameTooLarge(size: 1 << 24, limit: 1024)) { try decoder.next() }
    }

    @Test("refuses an unknown frame type")
    func refusesUnknownType() {
        var decoder = ExecFrameDecoder(maximumPayloadSize: 1024)
        decoder.append([0x5A, 0, 0, 0, 0])
        #expect(throws: ExecSidecarError.self) { try decoder.next() }
    }

    @Test("encodes the length big-endian after the type byte")
    func encoding() {
        #expect(ExecFrame(.failure, payload: Array(repeating: 7, count: 258)).encoded.prefix(5) == [0x46, 0, 0, 1, 2])
    }

    @Test("gives a shell's status for each outcome", arguments: [
        (ExecCommandOutcome(exitCode: 3), Int32(3)),
        (ExecCommandOutcome(signal: 9), Int32(137)),
        (ExecCommandOutcome(signal: 15, timedOut: true), Int32(143)),
    ])
    func shellStatus(_ outcome: ExecCommandOutcome, _ status: Int32) throws {
        #expect(outcome.shellStatus == status)
        #expect(try ExecCommandOutcome.decode(outcome.encoded()) == outcome)
    }
}
