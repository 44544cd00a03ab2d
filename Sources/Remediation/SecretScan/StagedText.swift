import Git

/// How the gate reads a staged blob: as lines of UTF-8 text, or not at all.
///
/// A blob with a NUL byte or bytes that are not UTF-8 is not text: the scanner's rules could not see a secret
/// in it (UTF-16, a zip, a secret split by NULs), so the gate refuses such a file unless the operator allowed
/// binary files at its path.
enum StagedText {
    /// The blob's lines, numbered from 1, or `nil` when the blob is not text.
    ///
    /// - Parameter bytes: the blob, as git stores it.
    static func lines(of bytes: [UInt8]) -> [AddedLine]? {
        guard !bytes.contains(0), var text = String(validating: bytes, as: UTF8.self) else { return nil }
        if text.hasSuffix("\n") { text.removeLast() }
        guard !text.isEmpty else { return [] }
        return text.split(separator: "\n", omittingEmptySubsequences: false).enumerated().map {
            AddedLine(number: $0.offset + 1, text: String($0.element))
        }
    }
}
