import ReviewBot
import Testing

@Suite("Finding fingerprints")
struct FindingFingerprintTests {
    @Test("is FNV-1a 64 over path, anchor line and title, separated by NUL bytes")
    func golden() {
        let fingerprint = FindingFingerprint(
            path: "Sources/App/main.swift",
            anchorLineContent: "let x = try! load()",
            title: "Force unwrap crashes on bad input"
        )
        #expect(fingerprint.value == "5628f4f77085d202")
        #expect(FindingFingerprint(path: "src/é.swift", anchorLineContent: "", title: "Tïtle").value == "bf3b9bbba4729e4e")
    }

    struct PairRow: Sendable, CustomTestStringConvertible {
        let name: String
        let first: [String]
        let second: [String]
        let same: Bool
        var testDescription: String { name }
    }

    @Test(
        "stays the same for the same problem and changes for another",
        arguments: [
            PairRow(
                name: "surrounding whitespace of the anchor line is ignored",
                first: ["a", "  let x = 1\t", "T"],
                second: ["a", "let x = 1", "T"],
                same: true
            ),
            PairRow(name: "surrounding whitespace of the title is ignored", first: ["a", "x", " T \n"], second: ["a", "x", "T"], same: true),
            PairRow(name: "another path differs", first: ["a", "x", "T"], second: ["b", "x", "T"], same: false),
            PairRow(name: "another anchor line differs", first: ["a", "x", "T"], second: ["a", "y", "T"], same: false),
            PairRow(name: "another title differs", first: ["a", "x", "T"], second: ["a", "x", "U"], same: false),
            PairRow(name: "field boundaries count", first: ["ab", "c", "T"], second: ["a", "bc", "T"], same: false),
        ]
    )
    func compares(row: PairRow) {
        let first = FindingFingerprint(path: row.first[0], anchorLineContent: row.first[1], title: row.first[2])
        let second = FindingFingerprint(path: row.second[0], anchorLineContent: row.second[1], title: row.second[2])
        #expect((first == second) == row.same)
    }

    @Test("renders a marker that reads back")
    func marker() {
        let fingerprint = FindingFingerprint(path: "a", anchorLineContent: "b", title: "c")
        #expect(fingerprint.marker == "<!-- warden:finding \(fingerprint.value) -->")
        #expect(FindingFingerprint(markerIn: fingerprint.marker + "\n**P1** · c") == fingerprint)
    }

    struct MarkerRow: Sendable, CustomTestStringConvertible {
        let name: String
        let body: String
        let expected: String?
        var testDescription: String { name }
    }

    @Test(
        "reads a marker only from the first line",
        arguments: [
            MarkerRow(name: "a marker line", body: "<!-- warden:finding 0123456789abcdef -->\n**P1** · t", expected: "0123456789abcdef"),
            MarkerRow(name: "a marker alone", body: "<!-- warden:finding 0123456789abcdef -->", expected: "0123456789abcdef"),
            MarkerRow(name: "upper-case digits", body: "<!-- warden:finding 0123456789ABCDEF -->", expected: "0123456789abcdef"),
            MarkerRow(name: "a CRLF line end", body: "<!-- warden:finding 0123456789abcdef -->\r\nx", expected: "0123456789abcdef"),
            MarkerRow(name: "a marker on a later line (quoted model text)", body: "hello\n<!-- warden:finding 0123456789abcdef -->", expected: nil),
            MarkerRow(name: "text before the marker", body: "x <!-- warden:finding 0123456789abcdef -->", expected: nil),
            MarkerRow(name: "too few digits", body: "<!-- warden:finding 0123456789abcde -->", expected: nil),
            MarkerRow(name: "not hexadecimal", body: "<!-- warden:finding 0123456789abcdeg -->", expected: nil),
            MarkerRow(name: "a status marker", body: "<!-- warden:status sha=abcdef1 -->", expected: nil),
            MarkerRow(name: "an unclosed comment", body: "<!-- warden:finding 0123456789abcdef", expected: nil),
            MarkerRow(name: "an empty body", body: "", expected: nil),
        ]
    )
    func parses(row: MarkerRow) {
        #expect(FindingFingerprint(markerIn: row.body)?.value == row.expected)
    }
}
