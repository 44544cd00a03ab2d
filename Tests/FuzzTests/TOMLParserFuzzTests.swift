import Testing
import WardenCore
import WardenTestSupport

/// Fuzzes the TOML parser with generated documents, real documents and their mutations.
///
/// Invariants: a written table parses back to itself whatever spelling the writer chose; any text parses or fails
/// with a ``TOMLError`` (the typed throw guarantees the type) on a line the text has.
@Suite("TOML parser fuzzing")
struct TOMLParserFuzzTests {
    static let tokens = [
        "[", "]", "[[", "]]", "{", "}", "=", ".", "\"", "'", "\"\"\"", "'''", "\\", "\\u", "\\U0010FFFF", "#", "\n", "\r\n", ",", "0x", "1e",
        "inf", "nan", "_", "1979-05-27", "9223372036854775808", "-9223372036854775809",
    ]
    static let keys = ["a", "b", "port", "a.b", "", "with space", "\"", "é", "model_providers", "1", "-"]

    /// Parses `text`; a failure must name a line of it.
    static func check(_ text: String) throws {
        do {
            _ = try TOMLParser.parse(text)
        } catch {
            let lineCount = text.reduce(1) { $0 + ($1 == "\n" || $1 == "\r\n" ? 1 : 0) }
            try FuzzFailure.check((1...lineCount + 1).contains(error.line), "error on line \(error.line) of \(lineCount): \(text.debugDescription)")
        }
    }

    @Test("the corpus of real documents parses")
    func corpusReplays() throws {
        for entry in try FuzzCorpus.entries("toml") {
            do {
                _ = try TOMLParser.parse(String(decoding: entry.bytes, as: UTF8.self))
            } catch {
                Issue.record("\(entry.name): \(error)")
            }
        }
    }

    @Test("a written table parses back to itself", .timeLimit(.minutes(30)))
    func roundTrip() throws {
        let report = FuzzCampaign(target: "toml-round-trip", seed: 0x70_4D01).run { generator in
            let table = Self.table(depth: 0, using: &generator)
            var writer = TOMLDocumentWriter(generator: SeededGenerator(seed: generator.next()))
            let document = writer.document(table)
            let parsed: [String: TOMLValue]
            do {
                parsed = try TOMLParser.parse(document)
            } catch {
                throw FuzzFailure("\(error) for \(document.debugDescription)")
            }
            try FuzzFailure.check(parsed == table, "parsed \(parsed) from \(document.debugDescription), written from \(table)")
        }
        #expect(report.passed, "\(report)")
    }

    @Test("mutated documents parse or fail on one of their lines", .timeLimit(.minutes(30)))
    func mutated() throws {
        let corpus = try FuzzCorpus.entries("toml").map(\.bytes)
        let mutator = ByteMutator(tokens: Self.tokens, donors: corpus)
        var parsed = 0
        let report = FuzzCampaign(target: "toml-mutated", seed: 0x70_4D02).run { generator in
            let base: [UInt8]
            if Bool.random(using: &generator) {
                base = corpus[Int.random(in: 0..<corpus.count, using: &generator)]
            } else {
                var writer = TOMLDocumentWriter(generator: SeededGenerator(seed: generator.next()))
                base = Array(writer.document(Self.table(depth: 0, using: &generator)).utf8)
            }
            let text = String(decoding: mutator.mutated(base, using: &generator), as: UTF8.self)
            if (try? TOMLParser.parse(text)) != nil { parsed += 1 }
            try Self.check(text)
        }
        #expect(report.passed, "\(report)")
        // Mutants must reach past the first syntax error now and then, or the parser's deeper states go unfuzzed.
        #expect(report.inputs < 100 || parsed * 50 > report.inputs, "only \(parsed) of \(report.inputs) mutants parse")
    }

    /// A random table of up to five entries.
    static func table(depth: Int, using generator: inout SeededGenerator) -> [String: TOMLValue] {
        var table: [String: TOMLValue] = [:]
        for _ in 0..<Int.random(in: 0...5, using: &generator) {
            table[keys.randomElement(using: &generator) ?? "a"] = value(depth: depth + 1, using: &generator)
        }
        return table
    }

    /// A random value; containers only down to depth 3.
    static func value(depth: Int, using generator: inout SeededGenerator) -> TOMLValue {
        switch Int.random(in: 0..<(depth > 3 ? 4 : 7), using: &generator) {
        case 0:
            let scalars = (0..<Int.random(in: 0...12, using: &generator)).compactMap { _ in
                Unicode.Scalar(UInt32.random(in: 0...(Bool.random(using: &generator) ? 0x7F : 0x10FFFF), using: &generator))
            }
            return .string(String(String.UnicodeScalarView(scalars)))
        case 1: return .integer([0, 1, -1, .max, .min, Int64.random(in: .min ... .max, using: &generator)].randomElement(using: &generator) ?? 0)
        case 2:
            let special: [Double] = [0, -0.0, 0.5, 1e300, -1e-300, .leastNonzeroMagnitude, .infinity, -.infinity, .greatestFiniteMagnitude]
            return .float(Bool.random(using: &generator) ? (special.randomElement(using: &generator) ?? 0) : Double.random(in: -1e6...1e6, using: &generator))
        case 3: return .boolean(Bool.random(using: &generator))
        case 4: return .array((0..<Int.random(in: 0...3, using: &generator)).map { _ in value(depth: depth + 1, using: &generator) })
        case 5: return .array((0..<Int.random(in: 1...3, using: &generator)).map { _ in .table(table(depth: depth + 1, using: &generator)) })
        default: return .table(table(depth: depth + 1, using: &generator))
        }
    }
}
