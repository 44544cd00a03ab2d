import ReviewBot
import Testing

@Suite("Unified diff parsing")
struct UnifiedDiffTests {
    struct Row: Sendable, CustomTestStringConvertible {
        let name: String
        let diff: String
        let hunkCount: Int
        let lines: [DiffLine]
        var testDescription: String { name }
    }

    static func added(_ new: Int, _ content: String) -> DiffLine { DiffLine(kind: .added, content: content, oldLine: nil, newLine: new) }
    static func removed(_ old: Int, _ content: String) -> DiffLine { DiffLine(kind: .removed, content: content, oldLine: old, newLine: nil) }
    static func context(_ old: Int, _ new: Int, _ content: String) -> DiffLine {
        DiffLine(kind: .context, content: content, oldLine: old, newLine: new)
    }

    static let rows: [Row] = [
        Row(
            name: "one hunk numbers added, removed and context lines on their sides",
            diff: "@@ -1,4 +1,5 @@\n import Foundation\n-let a = 1\n+let a = 2\n+let b = 3\n print(a)\n print(b)\n",
            hunkCount: 1,
            lines: [
                context(1, 1, "import Foundation"), removed(2, "let a = 1"), added(2, "let a = 2"), added(3, "let b = 3"),
                context(3, 4, "print(a)"), context(4, 5, "print(b)"),
            ]
        ),
        Row(
            name: "a header without counts means one line",
            diff: "@@ -7 +7 @@\n-old\n+new\n",
            hunkCount: 1,
            lines: [removed(7, "old"), added(7, "new")]
        ),
        Row(
            name: "a second hunk restarts the numbers from its header, and its section text is ignored",
            diff: "@@ -1,2 +1,2 @@\n a\n-b\n+B\n@@ -20,3 +21,3 @@ func run() {\n x\n-y\n+z\n w\n",
            hunkCount: 2,
            lines: [
                context(1, 1, "a"), removed(2, "b"), added(2, "B"),
                context(20, 21, "x"), removed(21, "y"), added(22, "z"), context(22, 23, "w"),
            ]
        ),
        Row(
            name: "the no-newline marker is not a line and shifts no number",
            diff: "@@ -1,2 +1,2 @@\n first\n-last\n\\ No newline at end of file\n+last changed\n\\ No newline at end of file\n",
            hunkCount: 1,
            lines: [context(1, 1, "first"), removed(2, "last"), added(2, "last changed")]
        ),
        Row(
            name: "a new file has only added lines",
            diff: "@@ -0,0 +1,2 @@\n+a\n+b\n",
            hunkCount: 1,
            lines: [added(1, "a"), added(2, "b")]
        ),
        Row(
            name: "a deleted file has only removed lines",
            diff: "@@ -1,2 +0,0 @@\n-a\n-b\n",
            hunkCount: 1,
            lines: [removed(1, "a"), removed(2, "b")]
        ),
        Row(
            name: "lines that look like file headers inside a hunk are removed and added lines",
            diff: "@@ -1,1 +1,1 @@\n--- a/x\n+++ b/x\n",
            hunkCount: 1,
            lines: [removed(1, "-- a/x"), added(1, "++ b/x")]
        ),
        Row(
            name: "an empty line inside a hunk is an empty context line",
            diff: "@@ -1,3 +1,3 @@\n a\n\n-b\n+c\n",
            hunkCount: 1,
            lines: [context(1, 1, "a"), context(2, 2, ""), removed(3, "b"), added(3, "c")]
        ),
        Row(
            name: "git's file headers before the first hunk are skipped",
            diff: "diff --git a/x b/x\nindex 1..2 100644\n--- a/x\n+++ b/x\n@@ -1 +1 @@\n-a\n+b\n",
            hunkCount: 1,
            lines: [removed(1, "a"), added(1, "b")]
        ),
        Row(
            name: "CRLF line ends are not part of the content",
            diff: "@@ -1,2 +1,2 @@\r\n keep\r\n-old\r\n+new\r\n",
            hunkCount: 1,
            lines: [context(1, 1, "keep"), removed(2, "old"), added(2, "new")]
        ),
        Row(
            name: "a hunk cut short keeps the lines it has",
            diff: "@@ -1,5 +1,5 @@\n a\n-b\n",
            hunkCount: 1,
            lines: [context(1, 1, "a"), removed(2, "b")]
        ),
        Row(
            name: "a hunk cut short by the next header ends there",
            diff: "@@ -1,5 +1,5 @@\n a\n@@ -9 +9 @@\n-x\n+y\n",
            hunkCount: 2,
            lines: [context(1, 1, "a"), removed(9, "x"), added(9, "y")]
        ),
        Row(name: "an empty diff (binary, too large, pure rename) has no hunks", diff: "", hunkCount: 0, lines: []),
        Row(name: "text without a hunk header has no hunks", diff: "Binary files differ\n+not a line\n", hunkCount: 0, lines: []),
        // Found by fuzzing: numbering the lines of this hunk overflowed Int and crashed the worker.
        Row(
            name: "a header whose range ends past the largest line number is no header",
            diff: "@@ -9223372036854775807,2 +9223372036854775807,2 @@\n x\n+y\n@@ -1 +1 @@\n-a\n+b\n",
            hunkCount: 1,
            lines: [removed(1, "a"), added(1, "b")]
        ),
    ]

    @Test("parses hunks into numbered lines", arguments: rows)
    func parses(row: Row) {
        let diff = UnifiedDiff(parsing: row.diff)
        #expect(diff.hunks.count == row.hunkCount)
        #expect(diff.lines == row.lines)
    }

    @Test("keeps the header's numbers on each hunk")
    func headerNumbers() throws {
        let diff = UnifiedDiff(parsing: "@@ -20,3 +21,4 @@ func run() {\n x\n+y\n y\n z\n")
        let hunk = try #require(diff.hunks.first)
        #expect([hunk.oldStart, hunk.oldCount, hunk.newStart, hunk.newCount] == [20, 3, 21, 4])
    }
}
