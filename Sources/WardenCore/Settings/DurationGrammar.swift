/// The one duration grammar of every setting: a whole number with an optional unit.
///
/// `1500ms`, `90` or `90s` (seconds), `15m`, `1h`, `30d`. Zero, signs, spaces, fractions and anything longer than
/// ``maximum`` are refused, so a value can never overflow where it is later converted to milliseconds or
/// nanoseconds.
public enum DurationGrammar {
    /// The longest duration any setting accepts: ten years.
    public static let maximum: Duration = .seconds(3650 * 86_400)

    /// The accepted form, for errors and the documentation.
    public static let form = "a positive duration: a whole number with ms, s, m, h or d (1500ms, 90s, 15m, 1h, 30d); a plain number is seconds"

    /// The units, longest suffix first so that `ms` is not read as `m`.
    private static let units: [(suffix: String, milliseconds: Int64)] = [
        ("ms", 1), ("s", 1000), ("m", 60_000), ("h", 3_600_000), ("d", 86_400_000),
    ]

    /// Why a text is not a duration.
    public enum Problem: Equatable, Sendable {
        /// Not of the form at all.
        case malformed
        /// Zero.
        case zero
        /// Longer than the limit.
        case tooLong(limit: Duration)
    }

    /// Parses a duration.
    ///
    /// - Parameters:
    ///   - text: the setting's text.
    ///   - limit: the longest accepted duration; never more than ``maximum``.
    /// - Returns: the duration, or why it is refused.
    public static func parse(_ text: String, limit: Duration = maximum) -> Result<Duration, ProblemError> {
        let limit = min(limit, maximum)
        var digits = Substring(text)
        var scale: Int64 = 1000
        for unit in units where digits.hasSuffix(unit.suffix) {
            digits = digits.dropLast(unit.suffix.count)
            scale = unit.milliseconds
            break
        }
        guard !digits.isEmpty, digits.utf8.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) else {
            return .failure(ProblemError(problem: .malformed))
        }
        let limitMilliseconds = limit.components.seconds * 1000 + limit.components.attoseconds / 1_000_000_000_000_000
        guard let count = Int64(digits) else { return .failure(ProblemError(problem: .tooLong(limit: limit))) }
        let (milliseconds, overflow) = count.multipliedReportingOverflow(by: scale)
        guard !overflow, milliseconds <= limitMilliseconds else { return .failure(ProblemError(problem: .tooLong(limit: limit))) }
        guard milliseconds > 0 else { return .failure(ProblemError(problem: .zero)) }
        return .success(.milliseconds(milliseconds))
    }

    /// ``Problem`` as an `Error`, so that ``parse(_:limit:)`` can return a `Result`.
    public struct ProblemError: Error, Equatable, Sendable {
        /// What is wrong.
        public let problem: Problem
    }

    /// The shortest text this grammar reads back as `duration` (`90s`, `15m`, `1500ms`).
    public static func format(_ duration: Duration) -> String {
        let milliseconds = duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000
        for unit in units.reversed() where milliseconds % unit.milliseconds == 0 && milliseconds >= unit.milliseconds {
            return "\(milliseconds / unit.milliseconds)\(unit.suffix)"
        }
        return "\(milliseconds)ms"
    }
}
