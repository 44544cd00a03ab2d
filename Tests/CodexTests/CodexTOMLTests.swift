import Testing

@testable import Codex

@Suite("CodexTOML")
struct CodexTOMLTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let input: String
        let expected: String
        var testDescription: String { name }
    }

    static let strings: [Case] = [
        Case(name: "plain text", input: "gpt-5.5", expected: #""gpt-5.5""#),
        Case(name: "empty", input: "", expected: #""""#),
        Case(name: "double quote", input: #"say "hi""#, expected: #""say \"hi\"""#),
        Case(name: "backslash", input: #"C:\path\"#, expected: #""C:\\path\\""#),
        Case(name: "newline", input: "a\nb", expected: #""a\nb""#),
        Case(name: "carriage return", input: "a\rb", expected: #""a\rb""#),
        Case(name: "tab", input: "a\tb", expected: #""a\tb""#),
        Case(name: "bell", input: "a\u{7}b", expected: #""a\u0007b""#),
        Case(name: "escape and delete", input: "\u{1B}[0m\u{7F}", expected: #""\u001B[0m\u007F""#),
        Case(name: "NUL is dropped", input: "a\u{0}b", expected: #""ab""#),
        Case(name: "unicode stays as is", input: "naïve 日本 🚀", expected: "\"naïve 日本 🚀\""),
        Case(name: "closing a table", input: #"x"]"#, expected: #""x\"]""#),
        Case(
            name: "injecting another key",
            input: "x\"\nsandbox_mode = \"danger-full-access",
            expected: #""x\"\nsandbox_mode = \"danger-full-access""#
        ),
        Case(name: "escaped quote stays escaped", input: #"\""#, expected: #""\\\"""#),
        Case(name: "inline table breakout", input: #"a",env_key="X"}"#, expected: #""a\",env_key=\"X\"}""#),
    ]

    @Test("encodes hostile strings so codex reads them back verbatim", arguments: strings)
    func quotesStrings(_ row: Case) {
        #expect(CodexTOML.quoted(row.input) == row.expected)
    }

    @Test("never leaves a raw control character or an unescaped quote", arguments: strings)
    func noRawControlCharacters(_ row: Case) {
        let encoded = CodexTOML.quoted(row.input)
        #expect(!encoded.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F })
        let inner = encoded.dropFirst().dropLast()
        var previousBackslashes = 0
        for character in inner {
            if character == "\"" { #expect(previousBackslashes % 2 == 1) }
            previousBackslashes = character == "\\" ? previousBackslashes + 1 : 0
        }
    }

    static let keys: [(String, String)] = [
        ("shell_environment_policy.inherit", "shell_environment_policy.inherit"),
        ("model_providers.my-provider.base_url", "model_providers.my-provider.base_url"),
        ("tools.a b", #"tools."a b""#),
        ("x.\"]", #"x."\"]""#),
        ("a..b", #"a."".b"#),
    ]

    @Test("writes dotted keys, quoting segments that are not bare", arguments: keys)
    func writesKeys(_ dotted: String, _ expected: String) {
        #expect(CodexTOML.key(dotted) == expected)
    }

    @Test("keeps a dotted segment whole when keys are given as a path")
    func keyPath() {
        #expect(CodexTOML.key(path: ["model_providers", "a.b"]) == #"model_providers."a.b""#)
    }

    @Test("writes booleans, integers, arrays and inline tables")
    func writesCompoundValues() {
        let value = CodexTOML.Value.table([
            ("name", .string("mock")),
            ("retries", .integer(0)),
            ("on", .bool(true)),
            ("list", .array([.string("a\"b"), .integer(-3)])),
        ])
        #expect(CodexTOML.encode(value) == #"{name="mock",retries=0,on=true,list=["a\"b",-3]}"#)
        #expect(CodexTOML.override("model", .string("gpt-5.5")) == #"model="gpt-5.5""#)
    }

    @Test("writes an inline table's key as one key, quoted when it holds a dot or a slash")
    func tableKeysDoNotNest() {
        let value = CodexTOML.Value.table([("/srv/.warden/tree", .table([("trust_level", .string("untrusted"))]))])
        #expect(CodexTOML.encode(value) == #"{"/srv/.warden/tree"={trust_level="untrusted"}}"#)
    }
}
