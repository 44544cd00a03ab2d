public import WardenCore
public import Forge

/// A finding Warden posted in an earlier review, as the re-review prompt lists it so the model does not raise it
/// again.
public struct PostedFinding: Sendable, Hashable {
    /// The finding's title.
    public var title: String
    /// The file it was posted on.
    public var path: String
    /// The line it was posted on.
    public var line: Int

    /// Creates a value.
    public init(title: String, path: String, line: Int) {
        self.title = title
        self.path = path
        self.line = line
    }

    /// Reads a finding back from the note that started its thread.
    ///
    /// - Parameter note: a note; it must start with a finding marker and sit on a diff line.
    /// - Returns: the finding, or `nil` for any other note.
    public init?(note: Note) {
        guard FindingFingerprint(markerIn: note.body) != nil, let position = note.position else {
            return nil
        }
        let lines = note.body.split(maxSplits: 2, omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" }
        guard lines.count >= 2, let separator = lines[1].firstRange(of: FindingComment.titleSeparator)
        else { return nil }
        title = Self.unescaped(lines[1][separator.upperBound...].trimmed())
        if let newLine = position.newLine {
            (path, line) = (position.newPath, newLine)
        } else if let oldLine = position.oldLine {
            (path, line) = (position.oldPath, oldLine)
        } else {
            return nil
        }
    }

    /// The findings Warden posted on a merge request: the first note of each thread, when its author is the bot.
    ///
    /// - Parameters:
    ///   - discussions: the merge request's threads.
    ///   - botUserID: the bot's user id, as its token resolves it; notes of anyone else never count.
    /// - Returns: the findings, in thread order.
    public static func all(in discussions: [Discussion], botUserID: UserID) -> [PostedFinding] {
        discussions.compactMap { discussion in
            guard let first = discussion.notes.first, first.authorID == botUserID else { return nil }
            return PostedFinding(note: first)
        }
    }

    /// Undoes ``SafeMarkdown/inline(_:)``: drops the escaping backslashes and mention breakers.
    private static func unescaped(_ text: String) -> String {
        var result = String.UnicodeScalarView()
        var escaping = false
        for scalar in text.unicodeScalars where !SafeMarkdown.mentionBreak.unicodeScalars.contains(scalar) {
            if !escaping, scalar == "\\" {
                escaping = true
                continue
            }
            escaping = false
            result.append(scalar)
        }
        return String(result)
    }
}
