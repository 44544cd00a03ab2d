import Forge
import Testing

@Suite("GitHub Link header")
struct GitHubLinkHeaderTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let header: String?
        let relation: String
        let expected: String?
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(
            name: "next among next and last",
            header: #"<https://api.github.com/repositories/1/pulls/2/files?per_page=100&page=2>; rel="next", <https://api.github.com/repositories/1/pulls/2/files?per_page=100&page=5>; rel="last""#,
            relation: "next",
            expected: "https://api.github.com/repositories/1/pulls/2/files?per_page=100&page=2"
        ),
        Case(
            name: "last among next and last",
            header: #"<https://a.example/x?page=2>; rel="next", <https://a.example/x?page=5>; rel="last""#,
            relation: "last",
            expected: "https://a.example/x?page=5"
        ),
        Case(
            name: "the last page names no next",
            header: #"<https://a.example/x?page=1>; rel="prev", <https://a.example/x?page=1>; rel="first""#,
            relation: "next",
            expected: nil
        ),
        Case(name: "no header", header: nil, relation: "next", expected: nil),
        Case(name: "an empty header", header: "", relation: "next", expected: nil),
        Case(name: "an unquoted rel", header: "<https://a.example/x?page=3>; rel=next", relation: "next", expected: "https://a.example/x?page=3"),
        Case(name: "rel in capitals", header: #"<https://a.example/x?page=3>; REL="Next""#, relation: "next", expected: "https://a.example/x?page=3"),
        Case(
            name: "a rel listing several relations",
            header: #"<https://a.example/x?page=3>; rel="next last""#,
            relation: "last",
            expected: "https://a.example/x?page=3"
        ),
        Case(
            name: "a comma inside the URL",
            header: #"<https://a.example/x?labels=a,b&page=2>; rel="next""#,
            relation: "next",
            expected: "https://a.example/x?labels=a,b&page=2"
        ),
        Case(name: "next written first without spaces", header: #"<https://a.example/x?page=2>;rel="next""#, relation: "next", expected: "https://a.example/x?page=2"),
        Case(name: "an entry without angle brackets is skipped", header: #"https://a.example/x?page=2; rel="next""#, relation: "next", expected: nil),
        Case(name: "an empty target is skipped", header: #"<>; rel="next""#, relation: "next", expected: nil),
    ]

    @Test("finds the link of a relation", arguments: cases)
    func link(_ row: Case) {
        #expect(GitHubLinkHeader.url(for: row.relation, in: row.header) == row.expected)
    }
}
