import Testing
import WardenCore

@testable import Dashboard

@Suite("Merge request links")
struct MergeRequestLinkTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var forge: ForgeKind
        var base: String
        var path: String
        var number: Int
        var url: String?
        var testDescription: String { "\(forge) \(base) \(path) \(number)" }

        init(_ forge: ForgeKind, _ base: String, _ path: String, _ number: Int, _ url: String? = nil) {
            (self.forge, self.base, self.path, self.number, self.url) = (forge, base, path, number, url)
        }
    }

    @Test(
        "links come from a configured http(s) base and percent-encoded path segments, or not at all",
        arguments: [
            Case(.gitlab, "https://gitlab.example.com/", "group/sub/app", 12, "https://gitlab.example.com/group/sub/app/-/merge_requests/12"),
            Case(.gitlab, "http://gitlab.local:8080", "a.b_c-d~e/x", 1, "http://gitlab.local:8080/a.b_c-d~e/x/-/merge_requests/1"),
            Case(.github, "https://github.com", "acme/app", 9, "https://github.com/acme/app/pull/9"),
            Case(.github, "https://ghe.example.com", "acme/<script>alert(1)</script>", 9,
             "https://ghe.example.com/acme/%3Cscript%3Ealert%281%29%3C/script%3E/pull/9"),
            Case(.gitlab, "https://gitlab.example.com", "\"><img src=x onerror=alert(1)>", 3,
             "https://gitlab.example.com/%22%3E%3Cimg%20src%3Dx%20onerror%3Dalert%281%29%3E/-/merge_requests/3"),
            Case(.gitlab, "https://gitlab.example.com", "javascript:alert(1)", 3, "https://gitlab.example.com/javascript%3Aalert%281%29/-/merge_requests/3"),
            Case(.gitlab, "https://gitlab.example.com", "grüße/app", 3, "https://gitlab.example.com/gr%C3%BC%C3%9Fe/app/-/merge_requests/3"),
        ]
    )
    func links(_ row: Case) {
        #expect(MergeRequestLink.url(forge: row.forge, base: row.base, path: row.path, number: row.number) == row.url)
    }

    @Test(
        "no link from a base that is not plain http(s), a missing or odd path, or a bad number",
        arguments: [
            Case(.gitlab, "javascript:alert(1)", "group/app", 1), Case(.gitlab, "JAVASCRIPT://x", "group/app", 1), Case(.gitlab, "data:text/html,x", "group/app", 1),
            Case(.gitlab, "https://", "group/app", 1), Case(.gitlab, "https://gitlab.example.com\" onmouseover=\"x", "group/app", 1),
            Case(.gitlab, "https://user@gitlab.example.com", "group/app", 1), Case(.gitlab, "https://gitlab.example.com?x=1", "group/app", 1),
            Case(.gitlab, "https://gitlab.example.com", "", 1), Case(.gitlab, "https://gitlab.example.com", "group//app", 1),
            Case(.gitlab, "https://gitlab.example.com", "../../evil", 1), Case(.gitlab, "https://gitlab.example.com", "group/./app", 1),
            Case(.gitlab, "https://gitlab.example.com", "group/app", 0), Case(.gitlab, "https://gitlab.example.com", "group/app", -4),
        ]
    )
    func refused(_ row: Case) {
        #expect(MergeRequestLink.url(forge: .gitlab, base: row.base, path: row.path, number: row.number) == nil)
        #expect(MergeRequestLink.url(forge: .github, base: row.base, path: row.path, number: row.number) == nil)
    }

    @Test("no link without a base or a path")
    func missing() {
        #expect(MergeRequestLink.url(forge: .gitlab, base: nil, path: "group/app", number: 1) == nil)
        #expect(MergeRequestLink.url(forge: .gitlab, base: "https://gitlab.example.com", path: nil, number: 1) == nil)
    }
}
