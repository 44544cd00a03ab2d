import Testing
import WardenCore

@Suite("TOML parser")
struct TOMLParserTests {
    struct ValidCase: Sendable, CustomTestStringConvertible {
        let name: String
        let document: String
        let expected: [String: TOMLValue]
        var testDescription: String { name }
    }

    static let validCases: [ValidCase] = [
        ValidCase(name: "empty document", document: "", expected: [:]),
        ValidCase(name: "only comments and blank lines", document: "# a comment\n\n   # another\t\n", expected: [:]),
        ValidCase(
            name: "scalars of every type",
            document: """
                title = "Warden" # trailing comment
                count = 42
                ratio = 0.5
                enabled = true
                disabled = false
                """,
            expected: [
                "title": .string("Warden"), "count": .integer(42), "ratio": .float(0.5), "enabled": .boolean(true), "disabled": .boolean(false),
            ]
        ),
        ValidCase(
            name: "dotted and quoted keys",
            document: """
                codex.model = "gpt"
                "quoted key" = 1
                'literal.key' = 2
                site . "google.com" = true
                "" = 3
                1234 = "numeric bare key"
                """,
            expected: [
                "codex": .table(["model": .string("gpt")]),
                "quoted key": .integer(1),
                "literal.key": .integer(2),
                "site": .table(["google.com": .boolean(true)]),
                "": .integer(3),
                "1234": .string("numeric bare key"),
            ]
        ),
        ValidCase(
            name: "tables, sub-tables and an implicit table defined later",
            document: """
                [a.b.c]
                x = 1
                [a]
                y = 2
                [a.b.d]
                z = 3
                """,
            expected: ["a": .table(["y": .integer(2), "b": .table(["c": .table(["x": .integer(1)]), "d": .table(["z": .integer(3)])])])]
        ),
        ValidCase(
            name: "sub-table below a table defined by dotted keys",
            document: "[fruit]\napple.color = \"red\"\n[fruit.apple.texture]\nsmooth = true\n",
            expected: ["fruit": .table(["apple": .table(["color": .string("red"), "texture": .table(["smooth": .boolean(true)])])])]
        ),
        ValidCase(
            name: "basic string escapes",
            document: #"s = "tab\t quote\" back\\ nl\n cr\r bs\b ff\f e\u00E9 smile\U0001F600""#,
            expected: ["s": .string("tab\t quote\" back\\ nl\n cr\r bs\u{08} ff\u{0C} e\u{E9} smile\u{1F600}")]
        ),
        ValidCase(name: "literal string keeps backslashes", document: #"p = 'C:\Users\warden'"#, expected: ["p": .string(#"C:\Users\warden"#)]),
        ValidCase(
            name: "multi-line basic string trims the first newline",
            document: "s = \"\"\"\nline one\nline two\"\"\"",
            expected: ["s": .string("line one\nline two")]
        ),
        ValidCase(
            name: "line-ending backslash joins lines",
            document: "s = \"\"\"\\\n    The quick \\\n\n    brown fox.\"\"\"",
            expected: ["s": .string("The quick brown fox.")]
        ),
        ValidCase(
            name: "quotes next to the closing delimiter belong to the string",
            document: "s = \"\"\"say \"hi\"\"\"\"\"\nt = '''it's'''''",
            expected: ["s": .string("say \"hi\"\""), "t": .string("it's''")]
        ),
        ValidCase(
            name: "multi-line literal string keeps everything",
            document: "s = '''\nraw \\n text\n  indented'''",
            expected: ["s": .string("raw \\n text\n  indented")]
        ),
        ValidCase(
            name: "integers in every base, with underscores and signs",
            document: "a = 1_000\nb = +17\nc = -17\nd = 0xDEAD_beef\ne = 0o755\nf = 0b1101\ng = 0\nh = -0\ni = 9223372036854775807",
            expected: [
                "a": .integer(1000), "b": .integer(17), "c": .integer(-17), "d": .integer(0xDEAD_BEEF), "e": .integer(0o755),
                "f": .integer(0b1101), "g": .integer(0), "h": .integer(0), "i": .integer(Int64.max),
            ]
        ),
        ValidCase(
            name: "floats with fractions, exponents, underscores and infinities",
            document: "a = 3.14\nb = -0.01\nc = 5e+22\nd = 1e06\ne = 6.626e-34\nf = 9_224_617.445_991\ng = inf\nh = -inf\ni = 0.0\nj = 1E2",
            expected: [
                "a": .float(3.14), "b": .float(-0.01), "c": .float(5e22), "d": .float(1e6), "e": .float(6.626e-34),
                "f": .float(9_224_617.445_991), "g": .float(.infinity), "h": .float(-.infinity), "i": .float(0), "j": .float(100),
            ]
        ),
        ValidCase(
            name: "multi-line arrays with comments, trailing comma, nesting and mixed types",
            document: """
                a = [
                  "x", # first
                  'y',
                  # a comment line
                  [1, 2],
                  { k = true },
                ]
                empty = [ ]
                """,
            expected: [
                "a": .array([.string("x"), .string("y"), .array([.integer(1), .integer(2)]), .table(["k": .boolean(true)])]),
                "empty": .array([]),
            ]
        ),
        ValidCase(
            name: "inline tables with dotted keys and nesting",
            document: "point = { x = 1, y.z = 2, inner = { w = \"v\" } }\nempty = {}",
            expected: [
                "point": .table(["x": .integer(1), "y": .table(["z": .integer(2)]), "inner": .table(["w": .string("v")])]),
                "empty": .table([:]),
            ]
        ),
        ValidCase(
            name: "arrays of tables with sub-tables",
            document: """
                [[fruit]]
                name = "apple"
                [fruit.physical]
                color = "red"
                [[fruit]]
                name = "banana"
                """,
            expected: [
                "fruit": .array([
                    .table(["name": .string("apple"), "physical": .table(["color": .string("red")])]),
                    .table(["name": .string("banana")]),
                ])
            ]
        ),
        ValidCase(
            name: "CRLF line endings",
            document: "a = 1\r\n[t]\r\nb = \"\"\"x\r\ny\"\"\"\r\n",
            expected: ["a": .integer(1), "t": .table(["b": .string("x\ny")])]
        ),
        ValidCase(name: "non-ASCII text", document: "name = \"Zoë 🚀\"", expected: ["name": .string("Zoë 🚀")]),
    ]

    @Test("parses a valid document", arguments: validCases)
    func parsesValidDocument(_ testCase: ValidCase) throws {
        #expect(try TOMLParser.parse(testCase.document) == testCase.expected)
    }

    @Test("parses nan")
    func parsesNaN() throws {
        let document = try TOMLParser.parse("a = nan\nb = -nan")
        guard case .float(let a)? = document["a"], case .float(let b)? = document["b"] else {
            Issue.record("nan did not parse as a float")
            return
        }
        #expect(a.isNaN && b.isNaN)
    }

    struct InvalidCase: Sendable, CustomTestStringConvertible {
        let name: String
        let document: String
        let line: Int
        let reason: String
        var testDescription: String { name }
    }

    static let invalidCases: [InvalidCase] = [
        InvalidCase(name: "duplicate key", document: "a = 1\na = 2", line: 2, reason: "duplicate key \"a\""),
        InvalidCase(name: "duplicate dotted key", document: "a.b = 1\na.b = 2", line: 2, reason: "duplicate key \"a.b\""),
        InvalidCase(name: "table defined twice", document: "[a]\nx = 1\n[a]", line: 3, reason: "table \"a\" is defined twice"),
        InvalidCase(name: "table reopened after dotted keys", document: "[x]\na.b = 1\n[x.a]", line: 3, reason: "defined by dotted keys"),
        InvalidCase(name: "dotted keys into a header table", document: "[a.b]\nc = 1\n[a]\nb.d = 2", line: 4, reason: "cannot add to table \"b\""),
        InvalidCase(name: "header over a value", document: "a = 1\n[a.b]", line: 2, reason: "already holds a value"),
        InvalidCase(name: "inline table extended by a header", document: "a = { b = 1 }\n[a.c]", line: 2, reason: "already holds a value"),
        InvalidCase(name: "inline table extended by dotted keys", document: "a = { b = 1 }\na.c = 2", line: 2, reason: "already holds a value"),
        InvalidCase(name: "duplicate key in an inline table", document: "a = { b = 1, b = 2 }", line: 1, reason: "duplicate key"),
        InvalidCase(name: "static array appended as array of tables", document: "a = [1]\n[[a]]", line: 2, reason: "already holds a value"),
        InvalidCase(name: "array of tables reopened as a table", document: "[[a]]\n[a]", line: 2, reason: "is an array of tables"),
        InvalidCase(name: "table reopened as an array of tables", document: "[a]\n[[a]]", line: 2, reason: "defined twice"),
        InvalidCase(name: "unterminated basic string", document: "a = \"abc\nb = 1", line: 1, reason: "unterminated string"),
        InvalidCase(name: "unterminated multi-line string", document: "a = '''abc\n", line: 2, reason: "unterminated multi-line string"),
        InvalidCase(name: "invalid escape", document: #"a = "\q""#, line: 1, reason: "invalid escape"),
        InvalidCase(name: "short unicode escape", document: #"a = "\u12""#, line: 1, reason: "needs 4 hexadecimal digits"),
        InvalidCase(name: "surrogate escape", document: #"a = "\uD800""#, line: 1, reason: "not a Unicode scalar value"),
        InvalidCase(name: "control character in a string", document: "a = \"x\u{01}y\"", line: 1, reason: "control character"),
        InvalidCase(name: "leading zero", document: "a = 012", line: 1, reason: "leading zeros"),
        InvalidCase(name: "double underscore", document: "a = 1__0", line: 1, reason: "invalid value"),
        InvalidCase(name: "trailing underscore", document: "a = 10_", line: 1, reason: "invalid value"),
        InvalidCase(name: "signed hexadecimal", document: "a = +0x10", line: 1, reason: "invalid value"),
        InvalidCase(name: "fraction without digits", document: "a = 1.", line: 1, reason: "invalid value"),
        InvalidCase(name: "fraction without integer part", document: "a = .5", line: 1, reason: "invalid value"),
        InvalidCase(name: "integer overflow", document: "a = 9223372036854775808", line: 1, reason: "does not fit in 64 bits"),
        InvalidCase(name: "local date", document: "\nd = 1979-05-27", line: 2, reason: "dates and times are not supported"),
        InvalidCase(name: "local time", document: "t = 07:32:00", line: 1, reason: "dates and times are not supported"),
        InvalidCase(name: "misspelled boolean", document: "\n\n# note\nx = tru", line: 4, reason: "invalid value \"tru\""),
        InvalidCase(name: "missing value", document: "a =\n", line: 1, reason: "expected a value"),
        InvalidCase(name: "missing equals sign", document: "a 1", line: 1, reason: "expected \"=\""),
        InvalidCase(name: "two pairs on one line", document: "a = 1 b = 2", line: 1, reason: "expected the end of the line"),
        InvalidCase(name: "trailing comma in an inline table", document: "a = { b = 1, }", line: 1, reason: "expected a key"),
        InvalidCase(name: "newline in an inline table", document: "a = { b = 1,\n c = 2 }", line: 1, reason: "expected a key"),
        InvalidCase(name: "array without a comma", document: "a = [1 2]", line: 1, reason: "expected \",\" or \"]\""),
        InvalidCase(name: "unterminated array", document: "a = [1,\n2", line: 2, reason: "unterminated array"),
        InvalidCase(name: "unclosed table header", document: "[a\nb = 1", line: 1, reason: "expected \"]\""),
        InvalidCase(name: "multi-line string as a key", document: "\"\"\"k\"\"\" = 1", line: 1, reason: "multi-line strings cannot be keys"),
        InvalidCase(name: "lone carriage return", document: "a = 1\r", line: 1, reason: "carriage return"),
        InvalidCase(name: "too many closing quotes", document: "a = \"\"\"x\"\"\"\"\"\"", line: 1, reason: "too many quotes"),
    ]

    @Test("rejects an invalid document with its line", arguments: invalidCases)
    func rejectsInvalidDocument(_ testCase: InvalidCase) {
        #expect {
            try TOMLParser.parse(testCase.document)
        } throws: { error in
            guard let error = error as? TOMLError else { return false }
            return error.line == testCase.line && error.reason.contains(testCase.reason)
        }
    }

    @Test("describes an error as a sentence with the line")
    func describesError() throws {
        let error = try #require(throws: TOMLError.self) { try TOMLParser.parse("a = 1\na = 2") }
        #expect(error.description == "TOML error on line 2: duplicate key \"a\"")
        #expect(error.metricLabel == "duplicate_key")
    }
}
