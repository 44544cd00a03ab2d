import Forge
import ReviewBot
import Testing

@Suite("Posted findings")
struct PostedFindingTests {
    static let version = DiffVersion(id: 1, baseSHA: "b", startSHA: "s", headSHA: "h")

    static func note(title: String, oldLine: Int?, newLine: Int?, author: Int = 99) -> Note {
        let finding = ReviewFinding(title: title, body: "why", priority: 2, confidence: 1, path: "x", startLine: 1, endLine: 1)
        let fingerprint = FindingFingerprint(path: "x", anchorLineContent: "", title: title)
        let position = DiffPosition(version: version, oldPath: "old.swift", newPath: "new.swift", oldLine: oldLine, newLine: newLine)
        return Note(
            id: 1,
            body: FindingComment.body(for: finding, fingerprint: fingerprint),
            authorID: author,
            authorUsername: "warden",
            position: position
        )
    }

    struct Row: Sendable, CustomTestStringConvertible {
        let name: String
        let title: String
        let expectedTitle: String
        var testDescription: String { name }
    }

    @Test(
        "reads back the title Warden escaped",
        arguments: [
            Row(name: "a plain title", title: "Off by one", expectedTitle: "Off by one"),
            Row(name: "Markdown in the title", title: #"Use **bold** `x` \ [y]"#, expectedTitle: #"Use **bold** `x` \ [y]"#),
            Row(name: "a mention and a comment", title: "@all <!-- x", expectedTitle: "@all <!-- x"),
            Row(name: "a line break", title: "two\nlines", expectedTitle: "two lines"),
        ]
    )
    func readsTitle(row: Row) throws {
        let posted = try #require(PostedFinding(note: Self.note(title: row.title, oldLine: 3, newLine: 4)))
        #expect(posted == PostedFinding(title: row.expectedTitle, path: "new.swift", line: 4))
    }

    @Test("a finding on a removed line reads its old path and line")
    func removedLine() {
        #expect(PostedFinding(note: Self.note(title: "t", oldLine: 7, newLine: nil)) == PostedFinding(title: "t", path: "old.swift", line: 7))
    }

    @Test("notes without a marker or a position are no findings")
    func others() {
        var unmarked = Self.note(title: "t", oldLine: nil, newLine: 2)
        unmarked.body = "**P1** · t"
        var unplaced = Self.note(title: "t", oldLine: nil, newLine: 2)
        unplaced.position = nil
        #expect(PostedFinding(note: unmarked) == nil)
        #expect(PostedFinding(note: unplaced) == nil)
    }

    @Test("collects the first note of each of the bot's threads")
    func collects() {
        let discussions = [
            Discussion(id: "a", individualNote: false, notes: [Self.note(title: "mine", oldLine: nil, newLine: 2)]),
            Discussion(id: "b", individualNote: false, notes: [Self.note(title: "someone else's", oldLine: nil, newLine: 2, author: 5)]),
            Discussion(id: "c", individualNote: false, notes: []),
        ]
        #expect(PostedFinding.all(in: discussions, botUserID: 99) == [PostedFinding(title: "mine", path: "new.swift", line: 2)])
    }
}
