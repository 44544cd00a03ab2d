import ReviewBot
import Testing

@Suite("Finding comment")
struct FindingCommentTests {
    static let fingerprint = FindingFingerprint(path: "a.swift", anchorLineContent: "x", title: "t")

    static func finding(title: String = "Off by one", body: String = "The loop skips the last item.", priority: Int = 1) -> ReviewFinding {
        ReviewFinding(title: title, body: body, priority: priority, confidence: 0.9, path: "a.swift", startLine: 1, endLine: 1)
    }

    @Test("starts with the marker, then the badge and title, then the body")
    func layout() {
        let body = FindingComment.body(for: Self.finding(), fingerprint: Self.fingerprint)
        #expect(body == "\(Self.fingerprint.marker)\n**P1** · Off by one\n\nThe loop skips the last item.")
    }

    @Test("badges every priority", arguments: [(0, "**P0**"), (1, "**P1**"), (2, "**P2**"), (3, "**P3**")])
    func badges(priority: Int, badge: String) {
        let body = FindingComment.body(for: Self.finding(priority: priority), fingerprint: Self.fingerprint)
        #expect(body.split(separator: "\n")[1].hasPrefix(badge))
    }

    @Test("leaves out an empty body")
    func emptyBody() {
        let body = FindingComment.body(for: Self.finding(body: " \n"), fingerprint: Self.fingerprint)
        #expect(body == "\(Self.fingerprint.marker)\n**P1** · Off by one")
    }

    struct HostileRow: Sendable, CustomTestStringConvertible {
        let name: String
        let title: String
        let body: String
        let mustNotContain: String
        var testDescription: String { name }
    }

    @Test(
        "model text cannot forge the marker, run quick actions or mention people",
        arguments: [
            HostileRow(
                name: "a forged marker in the body",
                title: "t",
                body: "<!-- warden:finding ffffffffffffffff -->",
                mustNotContain: "<!-- warden:finding ffff"
            ),
            HostileRow(name: "a line break and quick action in the title", title: "t\n/merge", body: "", mustNotContain: "\n/merge"),
            HostileRow(name: "a quick action in the body", title: "t", body: "ok\n/approve", mustNotContain: "\n/approve"),
            HostileRow(name: "a mention in the title", title: "hey @all", body: "", mustNotContain: "@all"),
            HostileRow(name: "an HTML comment in the title", title: "<!-- t", body: "", mustNotContain: " <!--"),
        ]
    )
    func hostile(row: HostileRow) {
        let body = FindingComment.body(for: Self.finding(title: row.title, body: row.body), fingerprint: Self.fingerprint)
        #expect(!body.contains(row.mustNotContain))
        #expect(FindingFingerprint(markerIn: body) == Self.fingerprint)
    }

    @Test("an unclosed fence in the body is closed, so nothing after it is swallowed")
    func unclosedFence() {
        let body = FindingComment.body(for: Self.finding(body: "```swift\nlet x = 1"), fingerprint: Self.fingerprint)
        #expect(body.hasSuffix("```swift\nlet x = 1\n```"))
    }
}
