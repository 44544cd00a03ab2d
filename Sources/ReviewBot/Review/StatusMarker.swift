/// The hidden marker that makes a note Warden's status note: `<!-- warden:status sha=<sha> -->`.
///
/// The SHA is the last head Warden finished reviewing, so the next review after a push can cover only the commits
/// since. A status note written before any review finished (or while one runs, or after one failed) carries the
/// previous reviewed SHA forward, or none: `<!-- warden:status -->`. Marking an unfinished head as reviewed would
/// make the next review skip its commits.
public struct StatusMarker: Sendable, Hashable, CustomStringConvertible {
    /// The last head commit whose review finished, if any.
    public var reviewedSHA: String?

    /// Creates a marker.
    ///
    /// - Parameter reviewedSHA: the last fully reviewed head; ignored unless it is 7–64 hexadecimal digits.
    public init(reviewedSHA: String?) {
        if let reviewedSHA, Self.isCommitID(reviewedSHA) {
            self.reviewedSHA = reviewedSHA.lowercased()
        } else {
            self.reviewedSHA = nil
        }
    }

    /// The marker a status note starts with.
    public var description: String {
        reviewedSHA.map { "<!-- warden:status sha=\($0) -->" } ?? "<!-- warden:status -->"
    }

    /// The marker a note body starts with.
    ///
    /// Only the first line counts, where Warden puts it; see ``FindingFingerprint/init(markerIn:)``.
    ///
    /// - Parameter body: a note's Markdown.
    /// - Returns: the marker, or `nil` when the note is not a Warden status note.
    public init?(markerIn body: String) {
        if HiddenMarker.content(ofFirstLineOf: body, prefix: "warden:status") == "" {
            self.init(reviewedSHA: nil)
            return
        }
        guard let inner = HiddenMarker.content(ofFirstLineOf: body, prefix: "warden:status sha="),
            Self.isCommitID(String(inner))
        else { return nil }
        self.init(reviewedSHA: String(inner))
    }

    private static func isCommitID(_ text: String) -> Bool {
        (7...64).contains(text.utf8.count) && text.allSatisfy(\.isHexDigit)
    }
}
