import Forge
import ReviewBot
import Testing

@Suite("Position mapper")
struct PositionMapperTests {
    static let version = DiffVersion(
        id: 3,
        baseSHA: "b" + String(repeating: "0", count: 39),
        startSHA: "s" + String(repeating: "0", count: 39),
        headSHA: "h" + String(repeating: "0", count: 39)
    )

    static let modified = FileDiff(
        oldPath: "Sources/App/main.swift",
        newPath: "Sources/App/main.swift",
        diff: """
            @@ -1,4 +1,5 @@
             import Foundation
            -let a = 1
            +let a = 2
            +let b = 3
             print(a)
             print(b)
            @@ -20,3 +21,3 @@ func run() {
             x
            -y
            +z
             w

            """
    )
    static let renamed = FileDiff(
        oldPath: "old/Name.swift",
        newPath: "new/Name.swift",
        diff: "@@ -5,2 +5,2 @@\n keep\n-drop\n+add\n",
        renamedFile: true
    )
    static let deleted = FileDiff(oldPath: "Gone.swift", newPath: "Gone.swift", diff: "@@ -1,2 +0,0 @@\n-a\n-b\n", deletedFile: true)
    static let created = FileDiff(oldPath: "New.swift", newPath: "New.swift", diff: "@@ -0,0 +1,2 @@\n+a\n+b\n", newFile: true)
    static let noNewline = FileDiff(
        oldPath: "end.txt",
        newPath: "end.txt",
        diff: "@@ -1,2 +1,2 @@\n first\n-last\n\\ No newline at end of file\n+last changed\n\\ No newline at end of file\n"
    )
    static let collapsed = FileDiff(oldPath: "big.json", newPath: "big.json", diff: "", collapsed: true)
    static let files = [modified, renamed, deleted, created, noNewline, collapsed]

    struct Row: Sendable, CustomTestStringConvertible {
        let name: String
        let path: String
        let lines: ClosedRange<Int>
        let side: DiffSide
        let expected: FindingPlacement
        var testDescription: String { name }
    }

    static func inline(_ file: FileDiff, old: Int?, new: Int?, _ content: String) -> FindingPlacement {
        .inline(DiffPosition(version: version, oldPath: file.oldPath, newPath: file.newPath, oldLine: old, newLine: new), anchorLineContent: content)
    }

    static let main = "Sources/App/main.swift"

    static let rows: [Row] = [
        Row(
            name: "an added line gets only new_line",
            path: main,
            lines: 3...3,
            side: .new,
            expected: inline(modified, old: nil, new: 3, "let b = 3")
        ),
        Row(name: "a context line gets both lines", path: main, lines: 4...4, side: .new, expected: inline(modified, old: 3, new: 4, "print(a)")),
        Row(
            name: "a removed line gets only old_line",
            path: main,
            lines: 2...2,
            side: .old,
            expected: inline(modified, old: 2, new: nil, "let a = 1")
        ),
        Row(
            name: "a context line named on the old side gets both lines",
            path: main,
            lines: 3...3,
            side: .old,
            expected: inline(modified, old: 3, new: 4, "print(a)")
        ),
        Row(
            name: "a range anchors on its last line in the diff",
            path: main,
            lines: 2...10,
            side: .new,
            expected: inline(modified, old: 4, new: 5, "print(b)")
        ),
        Row(
            name: "a range in the second hunk anchors on its last line there",
            path: main,
            lines: 22...30,
            side: .new,
            expected: inline(modified, old: 22, new: 23, "w")
        ),
        Row(name: "an added line in the second hunk", path: main, lines: 22...22, side: .new, expected: inline(modified, old: nil, new: 22, "z")),
        Row(
            name: "a line between hunks is unanchored",
            path: main,
            lines: 10...12,
            side: .new,
            expected: .unanchored(path: main, line: 12, reason: .lineNotInDiff)
        ),
        Row(
            name: "a line past the last hunk is unanchored",
            path: main,
            lines: 40...40,
            side: .new,
            expected: .unanchored(path: main, line: 40, reason: .lineNotInDiff)
        ),
        Row(
            name: "a file the merge request does not change is unanchored",
            path: "README.md",
            lines: 1...1,
            side: .new,
            expected: .unanchored(path: "README.md", line: 1, reason: .fileNotInDiff)
        ),
        Row(
            name: "a renamed file matches its new path and sends both paths",
            path: "new/Name.swift",
            lines: 6...6,
            side: .new,
            expected: inline(renamed, old: nil, new: 6, "add")
        ),
        Row(
            name: "a removed line of a renamed file matches its old path",
            path: "old/Name.swift",
            lines: 6...6,
            side: .old,
            expected: inline(renamed, old: 6, new: nil, "drop")
        ),
        Row(
            name: "a renamed file's old path does not name its new side",
            path: "old/Name.swift",
            lines: 6...6,
            side: .new,
            expected: .unanchored(path: "old/Name.swift", line: 6, reason: .fileNotInDiff)
        ),
        Row(
            name: "a deleted file's lines count on the old side whichever side is named",
            path: "Gone.swift",
            lines: 2...2,
            side: .new,
            expected: inline(deleted, old: 2, new: nil, "b")
        ),
        Row(
            name: "a new file's lines are added lines",
            path: "New.swift",
            lines: 1...1,
            side: .new,
            expected: inline(created, old: nil, new: 1, "a")
        ),
        Row(
            name: "a new file has no old side",
            path: "New.swift",
            lines: 1...1,
            side: .old,
            expected: .unanchored(path: "New.swift", line: 1, reason: .fileNotInDiff)
        ),
        Row(
            name: "the no-newline marker does not shift the last line",
            path: "end.txt",
            lines: 2...2,
            side: .new,
            expected: inline(noNewline, old: nil, new: 2, "last changed")
        ),
        Row(
            name: "a file without diff text is unanchored",
            path: "big.json",
            lines: 1...1,
            side: .new,
            expected: .unanchored(path: "big.json", line: 1, reason: .diffUnavailable)
        ),
        Row(
            name: "a leading ./ on the path is ignored",
            path: "./Sources/App/main.swift",
            lines: 3...3,
            side: .new,
            expected: inline(modified, old: nil, new: 3, "let b = 3")
        ),
    ]

    @Test("places findings following GitLab's position rules", arguments: rows)
    func places(row: Row) {
        let finding = ReviewFinding(
            title: "t",
            body: "b",
            priority: 1,
            confidence: 0.9,
            path: row.path,
            startLine: row.lines.lowerBound,
            endLine: row.lines.upperBound,
            side: row.side
        )
        #expect(PositionMapper.place(finding, in: Self.files, version: Self.version) == row.expected)
    }

    @Test("takes the SHAs from the given version, never start = base")
    func shas() throws {
        let finding = ReviewFinding(title: "t", body: "b", priority: 1, confidence: 1, path: Self.main, startLine: 3, endLine: 3)
        guard case .inline(let position, _) = PositionMapper.place(finding, in: Self.files, version: Self.version) else {
            Issue.record("not placed")
            return
        }
        #expect(position.baseSHA == Self.version.baseSHA)
        #expect(position.startSHA == Self.version.startSHA)
        #expect(position.headSHA == Self.version.headSHA)
        #expect(position.positionType == .text)
    }
}
