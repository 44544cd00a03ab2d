/// A file's unified diff, parsed into hunks of numbered lines.
///
/// GitLab's per-file `diff` text starts at the first `@@` header; `diff --git`, `---` and `+++` header lines
/// before it are skipped too, so `git diff` output for one file parses the same. Each hunk reads exactly as many
/// lines as its header counts, so a removed line that reads `--- x` is not mistaken for a file header, an empty
/// line inside a hunk is an empty context line (some tools strip the lone space), and the
/// `\ No newline at end of file` marker is no line at all. Parsing never fails: text that is not part of a hunk
/// is ignored, and a hunk cut short keeps the lines it has, so a malformed file loses its anchors, not the review.
public struct UnifiedDiff: Sendable, Hashable {
    /// The hunks, in order.
    public var hunks: [DiffHunk]

    /// Creates a diff from hunks.
    public init(hunks: [DiffHunk]) {
        self.hunks = hunks
    }

    /// Parses a unified diff.
    ///
    /// - Parameter text: the diff text; `\n` or `\r\n` line ends.
    public init(parsing text: String) {
        var hunks: [DiffHunk] = []
        var current: DiffHunk?
        var oldLine = 0
        var newLine = 0
        var oldRemaining = 0
        var newRemaining = 0

        // "\r\n" is one Character, so it is a separator of its own. The text's final line end ends the last line;
        // it does not start an empty one.
        var lines = text.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" }
        if lines.last?.isEmpty == true { lines.removeLast() }
        for line in lines {
            if var hunk = current, oldRemaining > 0 || newRemaining > 0 {
                let content = String(line.dropFirst())
                switch line.first ?? " " {
                case "+" where newRemaining > 0:
                    hunk.lines.append(
                        DiffLine(kind: .added, content: content, oldLine: nil, newLine: newLine)
                    )
                    newLine += 1
                    newRemaining -= 1
                case "-" where oldRemaining > 0:
                    hunk.lines.append(
                        DiffLine(kind: .removed, content: content, oldLine: oldLine, newLine: nil)
                    )
                    oldLine += 1
                    oldRemaining -= 1
                case " " where oldRemaining > 0 && newRemaining > 0:
                    hunk.lines.append(
                        DiffLine(kind: .context, content: content, oldLine: oldLine, newLine: newLine)
                    )
                    oldLine += 1
                    newLine += 1
                    oldRemaining -= 1
                    newRemaining -= 1
                case "\\":
                    continue
                default:
                    // The hunk ends early: keep what it has and read this line as the start of what follows.
                    hunks.append(hunk)
                    current = nil
                    oldRemaining = 0
                    newRemaining = 0
                    if let header = HunkHeader(line) {
                        current = header.emptyHunk
                        (oldLine, newLine) = (header.oldStart, header.newStart)
                        (oldRemaining, newRemaining) = (header.oldCount, header.newCount)
                    }
                    continue
                }
                current = hunk
                continue
            }
            guard let header = HunkHeader(line) else { continue }
            if let hunk = current { hunks.append(hunk) }
            current = header.emptyHunk
            (oldLine, newLine) = (header.oldStart, header.newStart)
            (oldRemaining, newRemaining) = (header.oldCount, header.newCount)
        }
        if let hunk = current { hunks.append(hunk) }
        self.hunks = hunks
    }

    /// Every line of every hunk, in order.
    public var lines: [DiffLine] { hunks.flatMap(\.lines) }
}

/// The numbers of a `@@ -a,b +c,d @@ section` line.
private struct HunkHeader {
    let oldStart: Int
    let oldCount: Int
    let newStart: Int
    let newCount: Int

    init?(_ line: Substring) {
        guard line.hasPrefix("@@ -") else { return nil }
        let fields = line.dropFirst(3).split(
            separator: " ",
            maxSplits: 2,
            omittingEmptySubsequences: true
        )
        guard fields.count >= 2, fields[0].hasPrefix("-"), fields[1].hasPrefix("+"),
            let old = Self.range(fields[0].dropFirst()), let new = Self.range(fields[1].dropFirst())
        else { return nil }
        (oldStart, oldCount) = old
        (newStart, newCount) = new
    }

    var emptyHunk: DiffHunk {
        DiffHunk(
            oldStart: oldStart,
            oldCount: oldCount,
            newStart: newStart,
            newCount: newCount,
            lines: []
        )
    }

    /// `start[,count]`, where a missing count means 1; `nil` when `start + count` does not fit an `Int`, since
    /// numbering the hunk's lines would overflow (no real file has that many lines, a hostile diff may claim it).
    private static func range(_ text: Substring) -> (Int, Int)? {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false)
        guard parts.count <= 2, let start = Int(parts[0]), start >= 0 else { return nil }
        let count: Int
        if parts.count == 2 {
            guard let written = Int(parts[1]), written >= 0 else { return nil }
            count = written
        } else {
            count = 1
        }
        guard !start.addingReportingOverflow(count).overflow else { return nil }
        return (start, count)
    }
}
