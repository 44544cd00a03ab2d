import ReviewBot
import Testing

@Suite("PullRequestURL")
struct PullRequestURLTests {
    struct Row: Sendable, CustomTestStringConvertible {
        var name: String
        var text: String
        var expected: (host: String, owner: String, repository: String, number: Int)?
        var testDescription: String { name }
    }

    @Test(
        "parses pull request addresses and refuses the rest",
        arguments: [
            Row(name: "github.com", text: "https://github.com/acme/app/pull/12", expected: ("github.com", "acme", "app", 12)),
            Row(name: "files tab, query, fragment", text: "https://github.com/acme/app/pull/7/files?w=1#diff-1", expected: ("github.com", "acme", "app", 7)),
            Row(name: "GitHub Enterprise Server", text: "https://GHE.example.com:8443/org/repo.js/pull/3", expected: ("ghe.example.com", "org", "repo.js", 3)),
            Row(name: "surrounding spaces", text: "  https://github.com/a/b/pull/1\n", expected: ("github.com", "a", "b", 1)),
            Row(name: "an issue", text: "https://github.com/acme/app/issues/12", expected: nil),
            Row(name: "pulls list", text: "https://github.com/acme/app/pulls", expected: nil),
            Row(name: "no number", text: "https://github.com/acme/app/pull/", expected: nil),
            Row(name: "zero", text: "https://github.com/acme/app/pull/0", expected: nil),
            Row(name: "negative", text: "https://github.com/acme/app/pull/-4", expected: nil),
            Row(name: "non-ASCII digits", text: "https://github.com/acme/app/pull/١٢", expected: nil),
            Row(name: "extra path before pull", text: "https://github.com/acme/app/x/pull/1", expected: nil),
            Row(name: "empty owner", text: "https://github.com//app/pull/1", expected: nil),
            Row(name: "not http", text: "ssh://github.com/acme/app/pull/1", expected: nil),
            Row(name: "a GitLab merge request", text: "https://gitlab.example.com/acme/app/-/merge_requests/1", expected: nil),
        ]
    )
    func parse(_ row: Row) {
        let parsed = PullRequestURL(row.text)
        #expect(parsed?.host == row.expected?.host)
        #expect(parsed?.owner == row.expected?.owner)
        #expect(parsed?.repository == row.expected?.repository)
        #expect(parsed?.number == row.expected?.number)
    }
}
