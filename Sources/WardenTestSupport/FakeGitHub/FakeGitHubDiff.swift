/// One file of a pull request's diff with the lines a review comment may sit on, hunk by hunk, as GitHub judges them.
///
/// `RIGHT` takes an added or context line by its new number, `LEFT` a removed or context line by its old number;
/// a range (`start_line`) must lie in the same hunk as its `line`.
struct FakeGitHubDiffFile: Sendable {
    var file: FakeDiffFile
    /// Per hunk: the new line numbers (added and context) and the old ones (removed and context).
    var hunks: [(right: Set<Int>, left: Set<Int>)]

    init(_ file: FakeDiffFile) {
        self.file = file
        var hunks: [(right: Set<Int>, left: Set<Int>)] = []
        var old = 0
        var new = 0
        for line in file.diff.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("@@") {
                let numbers = line.split(separator: " ").dropFirst().prefix(2)
                old = numbers.first.flatMap { Int($0.dropFirst().split(separator: ",").first ?? "") } ?? 0
                new = numbers.dropFirst().first.flatMap { Int($0.dropFirst().split(separator: ",").first ?? "") } ?? 0
                hunks.append((right: [], left: []))
                continue
            }
            guard !hunks.isEmpty else { continue }
            switch line.first {
            case "+":
                hunks[hunks.count - 1].right.insert(new)
                new += 1
            case "-":
                hunks[hunks.count - 1].left.insert(old)
                old += 1
            case " ":
                hunks[hunks.count - 1].right.insert(new)
                hunks[hunks.count - 1].left.insert(old)
                new += 1
                old += 1
            default:
                break
            }
        }
        self.hunks = hunks
    }

    /// The hunk holding `line` on `side`, or `nil` when the line is not part of the diff.
    func hunk(line: Int, side: String) -> Int? {
        hunks.firstIndex { side == "LEFT" ? $0.left.contains(line) : $0.right.contains(line) }
    }
}
