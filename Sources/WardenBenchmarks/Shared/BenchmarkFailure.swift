/// Why a benchmark could not run.
public struct BenchmarkFailure: Error, CustomStringConvertible {
    /// The reason, as a sentence.
    public let message: String

    /// The reason; the same as ``message``.
    public var description: String { message }
}
