/// Splits a byte stream into ``ExecFrame``s, refusing unknown kinds and payloads over a size limit.
///
/// Feed it whatever the socket returned with ``append(_:)``, then take complete frames with ``next()``.
/// The limit is checked on the header, before any of the payload is buffered, so a peer cannot make the
/// reader allocate more than `maximumPayloadSize` bytes. Consumed bytes are dropped once they are more than
/// ``compactionThreshold`` and half the buffer, so a long stream of frames (100 MiB of a command's output) keeps
/// at most about two frames' worth in memory, at a copying cost proportional to what is kept, not to the stream.
public struct ExecFrameDecoder: Sendable {
    /// The consumed prefix that is worth moving the rest of the buffer to drop.
    static let compactionThreshold = 64 * 1024

    /// The largest payload accepted.
    public let maximumPayloadSize: Int
    private var buffer: [UInt8] = []
    private var start = 0

    /// A decoder that refuses payloads larger than `maximumPayloadSize` bytes.
    public init(maximumPayloadSize: Int) {
        self.maximumPayloadSize = maximumPayloadSize
    }

    /// Adds received bytes.
    public mutating func append(_ bytes: some Sequence<UInt8>) {
        if start > 0, start == buffer.count {
            buffer.removeAll(keepingCapacity: true)
            start = 0
        } else if start > Self.compactionThreshold, start > buffer.count / 2 {
            buffer.removeFirst(start)
            start = 0
        }
        buffer.append(contentsOf: bytes)
    }

    /// The bytes held: the unread ones and a consumed prefix not yet dropped.
    var retainedByteCount: Int { buffer.count }

    /// The next complete frame, or `nil` when more bytes are needed.
    /// - Throws: ``ExecSidecarError`` for an unknown frame kind or a payload over the limit.
    public mutating func next() throws(ExecSidecarError) -> ExecFrame? {
        let available = buffer.count - start
        guard available >= ExecFrame.headerSize else { return nil }
        guard let kind = ExecFrame.Kind(rawValue: buffer[start]) else {
            throw .malformedFrame(reason: "unknown frame type 0x\(String(buffer[start], radix: 16))")
        }
        let length =
            Int(buffer[start + 1]) << 24 | Int(buffer[start + 2]) << 16 | Int(buffer[start + 3]) << 8 | Int(buffer[start + 4])
        guard length <= maximumPayloadSize else {
            throw .frameTooLarge(size: length, limit: maximumPayloadSize)
        }
        guard available >= ExecFrame.headerSize + length else { return nil }
        let payloadStart = start + ExecFrame.headerSize
        let frame = ExecFrame(kind, payload: Array(buffer[payloadStart..<(payloadStart + length)]))
        start = payloadStart + length
        if start == buffer.count {
            buffer.removeAll(keepingCapacity: true)
            start = 0
        }
        return frame
    }
}
