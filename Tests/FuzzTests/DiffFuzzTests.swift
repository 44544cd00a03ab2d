import Forge
import ReviewBot
import Testing
import WardenTestSupport

/// Fuzzes the unified-diff parser and the position mapper with generated diffs, real diffs and their mutations.
///
/// Invariants: every parsed line lies inside its hunk's header range and has the line numbers of its kind; a
/// well-formed generated diff parses back to the hunks it was written from; a placed finding sits on a line the diff
/// shows, on the finding's side, inside the finding's range, at the last such line; and a finding stays unanchored
/// for "line not in diff" only when no line in its range is shown.
@Suite("Unified diff and position mapper fuzzing")
struct DiffFuzzTests {
    static let tokens = [
        "@@ -", "@@ -1,3 +1,4 @@\n", " +", ",", "\n", "\r\n", "\\ No newline at end of file\n", "--- a/x\n", "+++ b/x\n", "diff --git a/x b/x\n",
        "@@ -9223372036854775807,2 +9223372036854775807,2 @@\n", "@@ -0,0 +1 @@\n", "99999999999999999999",
    ]
    static let contents = ["x", "", "--- a", "+++ b", "@@ -1 +1 @@", "\\ no", " ", "é", "\t}", "-", "+"]
    static let version = DiffVersion(id: 1, baseSHA: "b", startSHA: "s", headSHA: "h")

    /// Checks the parse of `text` and places findings over a range of lines on both sides.
    static func check(_ text: String, using generator: inout SeededGenerator) throws {
        let diff = UnifiedDiff(parsing: text)
        for hunk in diff.hunks {
            for line in hunk.lines {
                try FuzzFailure.check(line.oldLine == nil || inside(line.oldLine, hunk.oldStart, hunk.oldCount), "old line outside its hunk in \(text.debugDescription)")
                try FuzzFailure.check(line.newLine == nil || inside(line.newLine, hunk.newStart, hunk.newCount), "new line outside its hunk in \(text.debugDescription)")
                let numbered = (line.oldLine != nil, line.newLine != nil)
                let expected = line.kind == .added ? (false, true) : line.kind == .removed ? (true, false) : (true, true)
                try FuzzFailure.check(numbered == expected, "a \(line.kind) line numbered \(line) in \(text.debugDescription)")
            }
        }
        let file = FileDiff(oldPath: "a.swift", newPath: "a.swift", diff: text)
        let numbers = diff.lines.flatMap { [$0.oldLine, $0.newLine].compactMap(\.self) }
        for _ in 0..<4 {
            let side: DiffSide = Bool.random(using: &generator) ? .new : .old
            let pick = { (generator: inout SeededGenerator) -> Int in
                Bool.random(using: &generator) ? (numbers.randomElement(using: &generator) ?? 0) : Int.random(in: -3...400, using: &generator)
            }
            let (start, end) = (pick(&generator), pick(&generator))
            let finding = ReviewFinding(title: "t", body: "b", priority: 1, confidence: 1, path: "./a.swift", startLine: start, endLine: end, side: side)
            try checkPlacement(of: finding, in: diff, file: file, text: text)
        }
    }

    /// Whether `number` is in `start..<start + count`, without overflowing.
    static func inside(_ number: Int?, _ start: Int, _ count: Int) -> Bool {
        guard let number else { return false }
        return number >= start && number - start < count
    }

    static func checkPlacement(of finding: ReviewFinding, in diff: UnifiedDiff, file: FileDiff, text: String) throws {
        let range = min(finding.startLine, finding.endLine)...max(finding.startLine, finding.endLine)
        let shown = diff.lines.compactMap { $0.number(on: finding.side) }.filter(range.contains)
        let context = "\(finding.side) \(range) in \(text.debugDescription)"
        switch PositionMapper.place(finding, in: [file], version: version) {
        case .inline(let position, anchorLineContent: let content):
            let anchor = diff.lines.first { line in
                line.content == content && (line.kind == .added ? nil : line.oldLine) == position.oldLine
                    && (line.kind == .removed ? nil : line.newLine) == position.newLine
            }
            try FuzzFailure.check(anchor != nil, "placed on a line the diff does not show: \(position) for \(context)")
            let number = finding.side == .new ? position.newLine : position.oldLine
            try FuzzFailure.check(number == shown.max(), "placed on \(String(describing: number)), not the last shown line \(String(describing: shown.max())) for \(context)")
            try FuzzFailure.check(position.newPath == file.newPath && position.oldPath == file.oldPath, "wrong paths for \(context)")
        case .unanchored(path: _, line: _, reason: let reason):
            switch reason {
            case .diffUnavailable: try FuzzFailure.check(diff.hunks.isEmpty, "diff called unavailable for \(context)")
            case .lineNotInDiff: try FuzzFailure.check(shown.isEmpty, "lines \(shown) shown but unanchored for \(context)")
            case .fileNotInDiff: throw FuzzFailure("the file was not found for \(context)")
            }
        }
    }

    /// A random well-formed diff and the hunks it says.
    static func generatedDiff(using generator: inout SeededGenerator) -> (text: String, hunks: [DiffHunk]) {
        var hunks: [DiffHunk] = []
        var oldLine = Int.random(in: 0...5, using: &generator)
        var newLine = oldLine
        for _ in 0..<Int.random(in: 0...4, using: &generator) {
            oldLine += Int.random(in: 0...20, using: &generator)
            newLine += Int.random(in: 0...20, using: &generator)
            var hunk = DiffHunk(oldStart: oldLine, oldCount: 0, newStart: newLine, newCount: 0, lines: [])
            for _ in 0..<Int.random(in: 0...12, using: &generator) {
                let content = contents.randomElement(using: &generator) ?? ""
                switch Int.random(in: 0..<3, using: &generator) {
                case 0:
                    hunk.lines.append(DiffLine(kind: .added, content: content, oldLine: nil, newLine: newLine))
                    newLine += 1
                case 1:
                    hunk.lines.append(DiffLine(kind: .removed, content: content, oldLine: oldLine, newLine: nil))
                    oldLine += 1
                default:
                    hunk.lines.append(DiffLine(kind: .context, content: content, oldLine: oldLine, newLine: newLine))
                    oldLine += 1
                    newLine += 1
                }
            }
            hunk.oldCount = hunk.lines.filter { $0.kind != .added }.count
            hunk.newCount = hunk.lines.filter { $0.kind != .removed }.count
            hunks.append(hunk)
        }
        let text = hunks.map { hunk in
            let header = "@@ -\(hunk.oldStart),\(hunk.oldCount) +\(hunk.newStart),\(hunk.newCount) @@ func\n"
            return header + hunk.lines.map { line in
                (line.kind == .added ? "+" : line.kind == .removed ? "-" : " ") + line.content + "\n"
            }.joined()
        }.joined()
        return (text, hunks)
    }

    @Test("the corpus of real diffs keeps every invariant")
    func corpusReplays() throws {
        var generator = SeededGenerator(seed: 0xD1FF_0000)
        for entry in try FuzzCorpus.entries("diff") {
            try Self.check(String(decoding: entry.bytes, as: UTF8.self), using: &generator)
        }
    }

    @Test("generated well-formed diffs parse back to their hunks and place findings inside them", .timeLimit(.minutes(30)))
    func generated() throws {
        let report = FuzzCampaign(target: "diff-generated", seed: 0xD1FF_0001).run { generator in
            let (text, hunks) = Self.generatedDiff(using: &generator)
            // An empty hunk (`@@ -5,0 +5,0 @@`) is a header only; the parser keeps it too.
            try FuzzFailure.check(UnifiedDiff(parsing: text).hunks == hunks, "did not parse back: \(text.debugDescription)")
            try Self.check(text, using: &generator)
        }
        #expect(report.passed, "\(report)")
    }

    @Test("mutated real and generated diffs keep every invariant", .timeLimit(.minutes(30)))
    func mutated() throws {
        let corpus = try FuzzCorpus.entries("diff").map(\.bytes)
        let mutator = ByteMutator(tokens: Self.tokens, donors: corpus)
        let report = FuzzCampaign(target: "diff-mutated", seed: 0xD1FF_0002).run { generator in
            let base = Bool.random(using: &generator)
                ? corpus[Int.random(in: 0..<corpus.count, using: &generator)] : Array(Self.generatedDiff(using: &generator).text.utf8)
            try Self.check(String(decoding: mutator.mutated(base, using: &generator), as: UTF8.self), using: &generator)
        }
        #expect(report.passed, "\(report)")
    }
}
