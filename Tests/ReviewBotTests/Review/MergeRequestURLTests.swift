import ReviewBot
import Testing

@Suite("MergeRequestURL")
struct MergeRequestURLTests {
    struct Row: Sendable, CustomTestStringConvertible {
        var name: String
        var text: String
        var instancePath = ""
        var expected: (origin: String, project: String, iid: Int)?
        var testDescription: String { name }
    }

    @Test(
        "parses merge request addresses and refuses the rest",
        arguments: [
            Row(
                name: "plain",
                text: "https://gitlab.example.com/acme/app/-/merge_requests/12",
                expected: ("https://gitlab.example.com", "acme/app", 12)
            ),
            Row(name: "subgroups", text: "https://gitlab.example.com/a/b/c/-/merge_requests/3", expected: ("https://gitlab.example.com", "a/b/c", 3)),
            Row(
                name: "tab, query, fragment",
                text: "https://gl.test:8443/acme/app/-/merge_requests/7/diffs?x=1#note_5",
                expected: ("https://gl.test:8443", "acme/app", 7)
            ),
            Row(
                name: "instance path",
                text: "http://example.com/gitlab/acme/app/-/merge_requests/2",
                instancePath: "/gitlab",
                expected: ("http://example.com", "acme/app", 2)
            ),
            Row(name: "an issue", text: "https://gitlab.example.com/acme/app/-/issues/12"),
            Row(name: "no number", text: "https://gitlab.example.com/acme/app/-/merge_requests/"),
            Row(name: "zero", text: "https://gitlab.example.com/acme/app/-/merge_requests/0"),
            Row(name: "no project", text: "https://gitlab.example.com/-/merge_requests/4"),
            Row(name: "not http", text: "ssh://gitlab.example.com/acme/app/-/merge_requests/4"),
            Row(name: "outside the instance path", text: "http://example.com/acme/app/-/merge_requests/2", instancePath: "/gitlab"),
        ]
    )
    func parses(row: Row) {
        let parsed = MergeRequestURL(row.text, instancePath: row.instancePath)
        #expect(parsed?.origin == row.expected?.origin)
        #expect(parsed?.projectPath == row.expected?.project)
        #expect(parsed?.iid == row.expected?.iid)
    }
}
