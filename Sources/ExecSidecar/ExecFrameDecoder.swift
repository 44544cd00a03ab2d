/// Splits a byte stream into ``ExecFrame``s, refusing unknown kinds and payloads over a size limit.
///
/// Feed it whatever the socket returned with ``append(_:)``, then take complete frames with ``next()``.
/// The limit is checked on the header, before any of the payload is buffered, so a peer cannot make the
/// reader allocate more than `maximumPayloadSize` bytes.
public struct ExecFrameDecoder: Sendable {
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
        }
        buffer.append(contentsOf: bytes)
    }

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
