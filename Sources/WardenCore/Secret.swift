/// A secret value (token, webhook secret, API key) that never prints itself.
///
/// `description`, `debugDescription` and string interpolation all give `<redacted>`, so a log line,
/// an error message or a `dump` cannot leak the value by accident. Read the value only where it is
/// sent (a header, a transient argv entry) through ``exposedValue``.
public struct Secret: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The plain value. Named loudly so every use stands out in review.
    public let exposedValue: String

    /// Wraps a plain value.
    public init(_ value: String) {
        self.exposedValue = value
    }

    public var description: String { "<redacted>" }
    public var debugDescription: String { "<redacted>" }
    public var customMirror: Mirror { Mirror(self, children: [:]) }

    /// Compares with another value in time independent of where the two first differ.
    ///
    /// Webhook tokens are checked with this so a caller cannot learn a prefix from timing.
    /// - Parameter candidate: the value presented by a client.
    /// - Returns: `true` when both byte sequences are equal.
    public func constantTimeEquals(_ candidate: String) -> Bool {
        let expected = Array(exposedValue.utf8)
        let given = Array(candidate.utf8)
        var difference = UInt8(truncatingIfNeeded: expected.count ^ given.count)
        for index in 0..<max(expected.count, given.count) {
            let left = index < expected.count ? expected[index] : 0
            let right = index < given.count ? given[index] : 0
            difference |= left ^ right
        }
        return difference == 0 && expected.count == given.count
    }
}
