import Forge
import Testing

@testable import ReviewBot

@Suite("GitHub review anchors")
struct GitHubReviewAnchorsTests {
    static let version = DiffVersion(id: 0, baseSHA: String(repeating: "b", count: 40), startSHA: String(repeating: "s", count: 40), headSHA: String(repeating: "h", count: 40))
    static let modified = FileDiff(
        oldPath: "app.py",
        newPath: "app.py",
        diff: "@@ -1,4 +1,5 @@\n import os\n-a = 1\n+a = 2\n+b = 3\n print(a)\n print(b)\n@@ -20,3 +21,3 @@ def run():\n x\n-y\n+z\n w\n"
    )
    static let renamed = FileDiff(oldPath: "old/name.py", newPath: "new/name.py", diff: "@@ -5,2 +5,2 @@\n keep\n-drop\n+add\n", renamedFile: true)
    static let files = [modified, renamed]

    struct Row: Sendable, CustomTestStringConvertible {
        let name: String
        let file: FileDiff
        let oldLine: Int?
        let newLine: Int?
        let findingLines: ClosedRange<Int>
        let expected: GitHubReviewAnchor?
        var testDescription: String { name }
    }

    static let rows: [Row] = [
        Row(name: "an added line is RIGHT", file: modified, oldLine: nil, newLine: 2, findingLines: 2...2, expected: .init(path: "app.py", line: 2, side: .right)),
        Row(
            name: "a range of added lines in one hunk gets start_line",
            file: modified, oldLine: nil, newLine: 3, findingLines: 2...3,
            expected: .init(path: "app.py", line: 3, side: .right, startLine: 2, startSide: .right)
        ),
        Row(name: "a removed line is LEFT", file: modified, oldLine: 2, newLine: nil, findingLines: 2...2, expected: .init(path: "app.py", line: 2, side: .left)),
        Row(name: "a context line is RIGHT", file: modified, oldLine: 3, newLine: 4, findingLines: 4...4, expected: .init(path: "app.py", line: 4, side: .right)),
        Row(
            name: "a range reaching before its hunk starts at the hunk's first line",
            file: modified, oldLine: nil, newLine: 22, findingLines: 1...22,
            expected: .init(path: "app.py", line: 22, side: .right, startLine: 21, startSide: .right)
        ),
        Row(name: "a line outside every hunk has no anchor", file: modified, oldLine: nil, newLine: 10, findingLines: 10...10, expected: nil),
        Row(name: "a removed line's number is not a RIGHT line", file: renamed, oldLine: nil, newLine: 7, findingLines: 7...7, expected: nil),
        Row(name: "a renamed file is anchored at its new path", file: renamed, oldLine: nil, newLine: 6, findingLines: 6...6, expected: .init(path: "new/name.py", line: 6, side: .right)),
        Row(
            name: "a file not in the pull request has no anchor",
            file: FileDiff(oldPath: "other.py", newPath: "other.py", diff: "@@ -1 +1 @@\n-a\n+b\n"), oldLine: nil, newLine: 1, findingLines: 1...1,
            expected: nil
        ),
    ]

    @Test("anchors follow GitHub's line/side rules", arguments: rows)
    func anchor(_ row: Row) {
        let finding = ReviewFinding(
            title: "t", body: "b", priority: 1, confidence: 0.9, path: row.file.newPath, startLine: row.findingLines.lowerBound, endLine: row.findingLines.upperBound
        )
        let position = DiffPosition(version: Self.version, oldPath: row.file.oldPath, newPath: row.file.newPath, oldLine: row.oldLine, newLine: row.newLine)
        let comment = ReviewPlan.InlineComment(
            finding: finding, position: position, fingerprint: FindingFingerprint(path: row.file.newPath, anchorLineContent: "x", title: "t"), body: "b"
        )
        #expect(GitHubReviewAnchors.anchor(for: comment, in: Self.files) == row.expected)
    }
}
