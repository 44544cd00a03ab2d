/// The last bytes of a stream, bounded: codex's standard error can be large (tracing, panics), and
/// only its end matters for an error report.
struct StderrTail: Sendable, Equatable {
    /// The most bytes kept.
    let limit: Int
    private var bytes: [UInt8] = []

    /// Creates an empty tail keeping at most `limit` bytes.
    init(limit: Int) {
        self.limit = max(0, limit)
    }

    /// Appends a chunk, dropping the oldest bytes beyond the limit.
    mutating func append(_ chunk: some Collection<UInt8>) {
        bytes.append(contentsOf: chunk.suffix(limit))
        if bytes.count > limit { bytes.removeFirst(bytes.count - limit) }
    }

    /// The kept bytes as text; a character cut in half at the start is replaced, not fatal.
    var text: String {
        String(decoding: bytes, as: UTF8.self)
    }
}
