import Git
import Testing

@testable import Remediation

@Suite("Secret gate decisions: what is text, which paths a glob allows, what an allowlist lets through")
struct SecretGateDecisionTests {
    @Test(
        "a staged blob is text only when it is UTF-8 without NUL bytes",
        arguments: [
            ("lines", Array("a\nb\n".utf8), ["a", "b"] as [String]?),
            ("no final newline", Array("a\nb".utf8), ["a", "b"]),
            ("empty", [], []),
            ("UTF-8 beyond ASCII", Array("café\n".utf8), ["café"]),
            ("a NUL byte", Array("key=x".utf8) + [0], nil),
            ("UTF-16 with a byte order mark", [0xFF, 0xFE, 0x61, 0x00], nil),
            ("Latin-1", [0x63, 0x61, 0x66, 0xE9], nil),
        ] as [(String, [UInt8], [String]?)]
    )
    func stagedText(_ name: String, bytes: [UInt8], expected: [String]?) {
        let lines = StagedText.lines(of: bytes)
        #expect(lines?.map(\.text) == expected, "\(name)")
        #expect(lines?.map(\.number) == expected.map { Array(0..<$0.count).map { $0 + 1 } })
    }

    @Test(
        "globs match names anywhere, or whole paths when they contain a slash",
        arguments: [
            ("*.png", "logo.png", true), ("*.png", "assets/img/logo.png", true), ("*.png", "logo.png.txt", false),
            ("assets/*.bin", "assets/data.bin", true), ("assets/*.bin", "assets/sub/data.bin", false), ("assets/*.bin", "x/assets/data.bin", false),
            ("assets/**", "assets/sub/data.bin", true), ("assets/**/*.bin", "assets/a/b/c.bin", true), ("/fonts/?.ttf", "fonts/a.ttf", true),
            ("/fonts/?.ttf", "fonts/ab.ttf", false), ("data.bin", "data.bin", true), ("data.bin", "data.bin.png", false),
        ]
    )
    func glob(_ pattern: String, path: String, matches: Bool) {
        #expect(PathGlob(pattern).matches(path) == matches)
    }

    @Test(
        "a path never vouches for a match; secret-value criteria still do",
        arguments: [
            ("paths alone", false, [".*"], [], false),
            ("paths or a matching regex", false, [".*"], ["^EXAMPLE"], true),
            ("paths and a matching regex", true, [".*"], ["^EXAMPLE"], false),
            ("a matching regex alone", false, [], ["^EXAMPLE"], true),
        ] as [(String, Bool, [String], [String], Bool)]
    )
    func allowlist(_ name: String, requiresAll: Bool, paths: [String], regexes: [String], allows: Bool) throws {
        let list = SecretAllowlist(
            requiresAll: requiresAll, paths: try paths.map { try SecretPattern($0, context: name) },
            regexes: try regexes.map { try SecretPattern($0, context: name) }, target: .secret, stopwords: []
        )
        #expect(list.allows(secret: "EXAMPLEKEY", match: "k=EXAMPLEKEY", line: "k=EXAMPLEKEY") == allows, "\(name)")
    }
}
