public import Forge

/// Turns a planned inline comment into GitHub's `line`/`side` anchor, checked against the pull request's parsed hunks
/// before anything is sent (a review is all-or-nothing on GitHub, so one bad anchor would refuse every comment).
///
/// `RIGHT` is the head's side (added and context lines), `LEFT` the base's (removed lines). A finding that spans
/// several lines gets `start_line`/`start_side` on the same side when an earlier line of its range is in the same
/// hunk as the anchor; GitHub refuses a range across hunks.
public enum GitHubReviewAnchors {
    /// The anchor of a comment, or `nil` when its line is not in the file's diff on its side.
    ///
    /// - Parameters:
    ///   - comment: the planned comment (its position says the line and side, its finding the range).
    ///   - files: the pull request's files.
    public static func anchor(for comment: ReviewPlan.InlineComment, in files: [FileDiff]) -> GitHubReviewAnchor? {
        let position = comment.position
        let side: GitHubReviewAnchor.Side = position.newLine != nil ? .right : .left
        guard let line = position.newLine ?? position.oldLine,
            let file = files.first(where: { $0.newPath == position.newPath && $0.oldPath == position.oldPath })
        else { return nil }
        let number = { (diffLine: DiffLine) -> Int? in
            switch side {
            case .right: diffLine.kind == .removed ? nil : diffLine.newLine
            case .left: diffLine.kind == .added ? nil : diffLine.oldLine
            }
        }
        guard let hunk = UnifiedDiff(parsing: file.diff).hunks.first(where: { $0.lines.contains { number($0) == line } }) else { return nil }
        let first = min(comment.finding.startLine, comment.finding.endLine)
        let start = hunk.lines.compactMap(number).filter { $0 >= first && $0 < line }.min()
        return GitHubReviewAnchor(path: file.newPath, line: line, side: side, startLine: start, startSide: start.map { _ in side })
    }
}
