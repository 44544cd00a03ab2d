import Foundation
import Synchronization
import Testing
import WardenCore

@Suite("Output filter")
struct OutputFilterTests {
    static let token = "glpat-0123456789abcdefABCD"
    static let refresh = "rt_very-long-refresh-token-0000000001"

    struct Row: Sendable, CustomTestStringConvertible {
        let name: String
        let text: String
        let expected: String
        var testDescription: String { name }
    }

    @Test(
        "every known secret becomes [redacted], wherever it stands",
        arguments: [
            Row(name: "plain text stays", text: "nothing to hide", expected: "nothing to hide"),
            Row(name: "a token in a sentence", text: "the token is \(token).", expected: "the token is [redacted]."),
            Row(name: "twice, and another", text: "\(token) \(refresh)\(token)", expected: "[redacted] [redacted]"),
            Row(name: "inside a fence", text: "```\n\(refresh)\n```", expected: "```\n[redacted]\n```"),
            Row(name: "a short configured value is no secret", text: "abc and short", expected: "abc and short"),
            Row(name: "escaped by Markdown, it still reads as the secret", text: "see rt\\_very-long-refresh-token-0000000001!", expected: "see [redacted]!"),
            Row(name: "word joiners in between do not hide it", text: "glpat-0123456789\u{2060}abcdefABCD", expected: "[redacted]"),
        ]
    )
    func known(row: Row) {
        let filter = OutputFilter(knownSecrets: [Self.token, Self.refresh, "abc", "", "short"])
        #expect(filter.redact(row.text) == row.expected)
    }

    @Test("pattern matches are redacted too, merged with known ones where they overlap, and each text reports its count")
    func patterns() {
        let reported = Mutex<[Int]>([])
        let filter = OutputFilter(
            knownSecrets: [Self.token],
            patternMatches: { text in
                guard let range = text.range(of: "AKIA[0-9A-Z]{16}", options: .regularExpression) else { return [] }
                return [range]
            },
            report: { count in reported.withLock { $0.append(count) } }
        )
        #expect(filter.redact("key AKIAABCDEFGHIJKLMNOP and \(Self.token)") == "key [redacted] and [redacted]")
        #expect(filter.redact("clean") == "clean")
        #expect(reported.withLock { $0 } == [2])
    }

    @Test("a streamed secret never leaves in pieces, wherever the stream splits it, and the stream says what the whole text says")
    func streaming() {
        let filter = OutputFilter(knownSecrets: [Self.refresh])
        let text = String(repeating: "lorem ipsum ", count: 40) + Self.refresh + String(repeating: " dolor", count: 30)
        for pieceLength in [1, 2, 3, 7, 16, 50, 300, 1000] {
            var redactor = StreamingRedactor(filter: filter)
            var output = ""
            var rest = Substring(text)
            while !rest.isEmpty {
                output += redactor.feed(String(rest.prefix(pieceLength)))
                rest = rest.dropFirst(pieceLength)
            }
            output += redactor.finish()
            #expect(output == filter.redact(text), "pieces of \(pieceLength)")
            #expect(!output.contains("rt_very"), "pieces of \(pieceLength)")
        }
    }

    @Test("a stream lets text out while it streams, holding back only the window")
    func streamingReleasesEarly() {
        let filter = OutputFilter(knownSecrets: [Self.token])
        var redactor = StreamingRedactor(filter: filter)
        let released = redactor.feed(String(repeating: "a", count: filter.window + 100))
        #expect(released.count == 100)
        #expect(redactor.finish().count == filter.window)
    }

    @Test("the credentials in auth.json are every long string in it", arguments: [
        (#"{"OPENAI_API_KEY":"sk-abcdefghijklmnopqrstuvwxyz"}"#, ["sk-abcdefghijklmnopqrstuvwxyz"]),
        (#"{"auth_mode":"chatgpt","tokens":{"access_token":"eyJhbGciOiJIUzI1NiJ9.payload","refresh_token":"rt_0123456789abcdef","account_id":"short"}}"#,
         ["eyJhbGciOiJIUzI1NiJ9.payload", "rt_0123456789abcdef"]),
        ("not json", []),
    ])
    func authFile(json: String, expected: [String]) {
        #expect(Set(CodexAuthSecrets.values(inJSON: Data(json.utf8))) == Set(expected))
    }
}

@Suite("Codex auth file")
struct CodexAuthFileTests {
    @Test("a token codex refreshes in auth.json is redacted from then on, the old one stays known until replaced")
    func refreshedTokens() throws {
        let directory = FileManager.default.currentDirectoryPath + "/.build/auth-file-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/auth.json"
        let file = CodexAuthFile(path: path)
        let filter = OutputFilter(knownSecrets: [], changingSecrets: { file.values() })
        #expect(filter.redact("nothing yet rt_first-refresh-token-0001") == "nothing yet rt_first-refresh-token-0001")

        try #"{"tokens":{"refresh_token":"rt_first-refresh-token-0001"}}"#.write(toFile: path, atomically: true, encoding: .utf8)
        #expect(filter.redact("leak rt_first-refresh-token-0001") == "leak [redacted]")

        // codex refreshes: a new token, written as a new file (so a new inode even within the same second).
        try #"{"tokens":{"refresh_token":"rt_second-refresh-token-00000002"}}"#.write(toFile: path, atomically: true, encoding: .utf8)
        #expect(filter.redact("leak rt_second-refresh-token-00000002") == "leak [redacted]")
        #expect(filter.window == OutputFilter.minimumWindow)
    }
}
