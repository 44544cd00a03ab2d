/// ``OutputFilter`` for a text that arrives in pieces (a streamed answer): a secret split across two pieces must not
/// leave half by half.
///
/// It holds back the last ``OutputFilter/window`` characters: a secret no longer than the window that starts before
/// the held-back tail ends inside what has arrived, so it is found whole before anything of it is let out. A match
/// that reaches into the tail is held back with it.
public struct StreamingRedactor: Sendable {
    private let filter: OutputFilter
    private var pending = ""

    /// A redactor for one stream.
    public init(filter: OutputFilter) {
        self.filter = filter
    }

    /// Takes the next piece; returns what may be sent now (possibly nothing).
    public mutating func feed(_ piece: String) -> String {
        pending += piece
        guard pending.count > filter.window else { return "" }
        var cut = pending.index(pending.endIndex, offsetBy: -filter.window)
        let ranges = filter.secretRanges(in: pending)
        for range in ranges where range.lowerBound < cut && range.upperBound > cut {
            cut = range.lowerBound
        }
        let released = ranges.filter { $0.upperBound <= cut }
        let output = OutputFilter.replacing(released, in: pending, upTo: cut)
        filter.reportStreamed(released.count)
        pending = String(pending[cut...])
        return output
    }

    /// Ends the stream; returns the rest, filtered.
    public mutating func finish() -> String {
        defer { pending = "" }
        return filter.redact(pending)
    }
}
