/// Splits the app-server's standard output into lines: one JSON message per `\n`.
///
/// Only `\n` ends a line. JSON text may contain U+2028 or U+0085 unescaped inside strings, so
/// a splitter that honours every Unicode line break would cut model output in two.
public struct JSONLineFramer: Sendable {
    /// The longest line accepted; a longer one means the stream is not what Warden expects.
    public let maximumLineLength: Int
    private var partial: [UInt8] = []

    /// Creates a framer.
    ///
    /// - Parameter maximumLineLength: the longest line accepted, in bytes. A resumed thread's
    ///   full history arrives as one line, so the default is generous.
    public init(maximumLineLength: Int = 64 * 1024 * 1024) {
        self.maximumLineLength = maximumLineLength
    }

    /// Adds bytes read from the stream and returns the lines they complete.
    ///
    /// - Parameter bytes: the next chunk, cut anywhere.
    /// - Returns: the completed lines, without `\n` or a trailing `\r`; blank lines are skipped.
    /// - Throws: ``AppServerError/malformedMessage(method:_:)`` when a line grows past
    ///   ``maximumLineLength``.
    public mutating func append(_ bytes: some Sequence<UInt8>) throws(AppServerError) -> [[UInt8]] {
        var lines: [[UInt8]] = []
        for byte in bytes {
            if byte == UInt8(ascii: "\n") {
                if partial.last == UInt8(ascii: "\r") { partial.removeLast() }
                if !partial.isEmpty { lines.append(partial) }
                partial.removeAll(keepingCapacity: true)
            } else {
                partial.append(byte)
                if partial.count > maximumLineLength {
                    partial.removeAll()
                    throw .malformedMessage("a line from the app-server is longer than \(maximumLineLength) bytes")
                }
            }
        }
        return lines
    }

    /// Whether bytes of an unfinished line are held (the stream ended mid-message if so).
    public var hasPartialLine: Bool { !partial.isEmpty }
}
