import ReviewBot
import Testing

@Suite("Status marker")
struct StatusMarkerTests {
    static let sha = "da1560886d4f094c3e6c9ef40349f7d38b5d27d7"

    @Test("renders the reviewed SHA, or none")
    func renders() {
        #expect(StatusMarker(reviewedSHA: Self.sha).description == "<!-- warden:status sha=\(Self.sha) -->")
        #expect(StatusMarker(reviewedSHA: nil).description == "<!-- warden:status -->")
        #expect(StatusMarker(reviewedSHA: "not a sha; -->").description == "<!-- warden:status -->")
    }

    struct Row: Sendable, CustomTestStringConvertible {
        let name: String
        let body: String
        let expected: StatusMarker?
        var testDescription: String { name }
    }

    @Test(
        "reads the marker from a note's first line",
        arguments: [
            Row(name: "a reviewed SHA", body: "<!-- warden:status sha=\(sha) -->\n### Warden review", expected: StatusMarker(reviewedSHA: sha)),
            Row(name: "an upper-case SHA", body: "<!-- warden:status sha=\(sha.uppercased()) -->", expected: StatusMarker(reviewedSHA: sha)),
            Row(name: "no SHA yet", body: "<!-- warden:status -->\nreviewing", expected: StatusMarker(reviewedSHA: nil)),
            Row(name: "a marker below other text", body: "hi\n<!-- warden:status sha=\(sha) -->", expected: nil),
            Row(name: "a SHA that is not hexadecimal", body: "<!-- warden:status sha=zzzzzzzz -->", expected: nil),
            Row(name: "a SHA too short", body: "<!-- warden:status sha=abc -->", expected: nil),
            Row(name: "a finding marker", body: "<!-- warden:finding 0123456789abcdef -->", expected: nil),
            Row(name: "a person's note", body: "LGTM", expected: nil),
        ]
    )
    func parses(row: Row) {
        #expect(StatusMarker(markerIn: row.body) == row.expected)
    }
}
