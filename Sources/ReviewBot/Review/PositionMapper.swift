public import Forge
import Foundation

/// Places a finding on a line of the merge request's diff, following GitLab's position rules.
///
/// The anchor is the last line of the finding's range that the diff shows on the finding's side, so a comment
/// about lines 10–14 sits under line 14 when it is in a hunk, else under the nearest line above it that is. An added
/// line gets only `new_line`, a removed line only `old_line`, an unchanged line both; both paths are always set,
/// and the SHAs come from the newest diff version (an older version's SHAs put the comment on an outdated diff).
/// The path is matched against `new_path`, or `old_path` for `side: old`; a deleted file has only old lines, so a
/// finding on it counts on the old side whichever side the model named.
public enum PositionMapper {
    /// Places one finding.
    ///
    /// - Parameters:
    ///   - finding: the finding, with a valid line range.
    ///   - files: the merge request's file diffs.
    ///   - version: the newest diff version.
    /// - Returns: the inline position with the anchor line's text, or why the finding stays unanchored.
    public static func place(
        _ finding: ReviewFinding,
        in files: [FileDiff],
        version: DiffVersion
    )
        -> FindingPlacement
    {
        let path = normalized(finding.path)
        let unanchored = { (reason: UnanchoredReason) in
            FindingPlacement.unanchored(path: path, line: finding.endLine, reason: reason)
        }
        guard let (file, side) = match(path, side: finding.side, in: files) else {
            return unanchored(.fileNotInDiff)
        }
        let diff = UnifiedDiff(parsing: file.diff)
        guard !diff.hunks.isEmpty else { return unanchored(.diffUnavailable) }
        let range = min(finding.startLine, finding.endLine)...max(finding.startLine, finding.endLine)
        let candidates = diff.lines.filter { line in line.number(on: side).map(range.contains) ?? false
        }
        guard
            let anchor = candidates.max(by: { ($0.number(on: side) ?? 0) < ($1.number(on: side) ?? 0) })
        else {
            return unanchored(.lineNotInDiff)
        }
        let position = DiffPosition(
            version: version,
            oldPath: file.oldPath,
            newPath: file.newPath,
            oldLine: anchor.kind == .added ? nil : anchor.oldLine,
            newLine: anchor.kind == .removed ? nil : anchor.newLine
        )
        return .inline(position, anchorLineContent: anchor.content)
    }

    /// The file a path names on a side, and the side its lines count on.
    private static func match(
        _ path: String,
        side: DiffSide,
        in files: [FileDiff]
    ) -> (
        FileDiff, DiffSide
    )? {
        switch side {
        case .new:
            if let file = files.first(where: { !$0.deletedFile && $0.newPath == path }) {
                return (file, .new)
            }
            return files.first { $0.deletedFile && $0.oldPath == path }.map { ($0, .old) }
        case .old:
            return files.first { !$0.newFile && $0.oldPath == path }.map { ($0, .old) }
        }
    }

    /// The path without a leading `./` or `/`, as the model sometimes writes repository paths.
    static func normalized(_ path: String) -> String {
        var path = Substring(path.trimmingCharacters(in: .whitespacesAndNewlines))
        while path.hasPrefix("./") { path = path.dropFirst(2) }
        while path.hasPrefix("/") { path = path.dropFirst() }
        return String(path)
    }
}
