/// A stable identity for a finding, so a re-review or a retried job does not post it twice.
///
/// It hashes the path, the anchor line's text (trimmed) and the title with 64-bit FNV-1a: the same problem on the
/// same code keeps its fingerprint when unrelated edits move the line, and loses it when the line itself changes.
/// FNV-1a is not collision resistant, which is fine here: the worst a collision does is skip one comment.
public struct FindingFingerprint: Sendable, Hashable, CustomStringConvertible {
    /// The hash, as 16 lowercase hexadecimal digits.
    public let value: String

    /// Computes a finding's fingerprint.
    ///
    /// - Parameters:
    ///   - path: the file's path.
    ///   - anchorLineContent: the text of the line the comment sits on; surrounding whitespace is ignored.
    ///   - title: the finding's title; surrounding whitespace is ignored.
    public init(path: String, anchorLineContent: String, title: String) {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        let fields = [path, anchorLineContent.trimmed(), title.trimmed()]
        for (index, field) in fields.enumerated() {
            // A separator byte that cannot occur in the fields keeps ("ab", "c") apart from ("a", "bc").
            let bytes = index == 0 ? Array(field.utf8) : [0] + Array(field.utf8)
            for byte in bytes {
                hash ^= UInt64(byte)
                hash = hash &* 0x0000_0100_0000_01b3
            }
        }
        let hex = String(hash, radix: 16)
        value = String(repeating: "0", count: 16 - hex.count) + hex
    }

    /// Reads a fingerprint from its 16 hexadecimal digits.
    ///
    /// - Parameter value: the digits, in either case.
    /// - Returns: `nil` unless `value` is exactly 16 hexadecimal digits.
    public init?(value: String) {
        guard value.utf8.count == 16, value.allSatisfy(\.isHexDigit) else { return nil }
        self.value = value.lowercased()
    }

    /// The hidden marker a finding's comment starts with: `<!-- warden:finding <fp> -->`.
    public var marker: String { "<!-- warden:finding \(value) -->" }

    /// The fingerprint a comment body carries in its marker.
    ///
    /// Only a marker on the body's first line counts: Warden renders it there, before any model text, so text
    /// quoted further down (a model's answer, a person's paste) cannot plant a fingerprint.
    ///
    /// - Parameter body: a note's Markdown.
    /// - Returns: the fingerprint, or `nil` when the body does not start with a finding marker.
    public init?(markerIn body: String) {
        guard let inner = HiddenMarker.content(ofFirstLineOf: body, prefix: "warden:finding "),
            let fingerprint = FindingFingerprint(value: String(inner))
        else { return nil }
        self = fingerprint
    }

    /// The 16 hexadecimal digits.
    public var description: String { value }
}

/// Reads Warden's `<!-- prefix… -->` markers from the first line of a note.
enum HiddenMarker {
    /// What stands between `prefix` and ` -->` on the body's first line, or `nil` when the line is not such a
    /// marker.
    static func content(ofFirstLineOf body: String, prefix: String) -> Substring? {
        let firstLine = body.prefix { $0 != "\n" && $0 != "\r\n" }.trimmed()
        let opening = "<!-- " + prefix
        let closing = " -->"
        guard firstLine.hasPrefix(opening), firstLine.hasSuffix(closing),
            firstLine.utf8.count >= opening.utf8.count + closing.utf8.count
        else { return nil }
        return firstLine.dropFirst(opening.count).dropLast(closing.count)
    }
}

extension StringProtocol {
    /// The text without leading and trailing whitespace and newlines.
    func trimmed() -> String {
        String(drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
    }
}
