import NIOCore

/// The synthetic deliveries of ``WebhookBenchmark``: realistic GitLab and GitHub payloads (a few KiB, like real ones).
struct WebhookDeliveries: Sendable {
    /// Durable-phase deliveries.
    let count: Int
    /// Distinct merge request events among them; the rest repeat earlier ones.
    let distinctEvents: Int

    /// `count` deliveries of which about `duplicateFraction` (clamped to 0…0.9) repeat earlier events.
    init(count: Int, duplicateFraction: Double) {
        self.count = count
        let fraction = min(max(duplicateFraction, 0), 0.9)
        self.distinctEvents = max(1, Int((Double(count) * (1 - fraction)).rounded()))
    }

    /// Which event delivery `index` carries: the first `distinctEvents` deliveries are new, the rest repeat
    /// earlier events spread over the whole range (redeliveries after a timeout).
    func eventIndex(forDelivery index: Int) -> Int {
        index < distinctEvents ? index : (index &* 7919) % distinctEvents
    }

    /// An `open` merge request event for MR `event + 1` with a head SHA derived from `event`.
    func mergeRequestOpen(_ event: Int) -> ByteBuffer {
        let sha = Self.hex40(event &* 2_654_435_761)
        return ByteBuffer(string: """
            {"object_kind":"merge_request","event_type":"merge_request",\
            "user":{"id":1,"name":"Administrator","username":"root"},\
            "project":{"id":15,"name":"Gitlab Test","path_with_namespace":"gitlabhq/gitlab-test","default_branch":"master"},\
            "object_attributes":{"id":\(99 + event),"iid":\(event + 1),"target_branch":"master","source_branch":"ms-viewport-\(event)",\
            "source_project_id":14,"target_project_id":15,"state":"opened","merge_status":"unchecked","draft":false,\
            "work_in_progress":false,"title":"MS-Viewport \(event)","description":"\(Self.description)",\
            "url":"http://example.com/diaspora/merge_requests/\(event + 1)","action":"open",\
            "last_commit":{"id":"\(sha)","message":"fixed readme","timestamp":"2012-01-03T23:36:29+02:00",\
            "author":{"name":"GitLab dev user","email":"gitlabdev@dv6700.(none)"}}},\
            "labels":[],"changes":{},"repository":{"name":"Gitlab Test","url":"http://example.com/gitlabhq/gitlab-test.git"}}
            """)
    }

    /// A note on a merge request that does not mention the bot (classified, then ignored).
    func ignoredNote(_ index: Int) -> ByteBuffer {
        ByteBuffer(string: """
            {"object_kind":"note","event_type":"note","user":{"id":1,"name":"Administrator","username":"root"},\
            "project_id":5,"project":{"id":5,"name":"Gitlab Test"},\
            "object_attributes":{"id":\(1244 + index),"note":"This MR needs work. \(Self.description)","noteable_type":"MergeRequest",\
            "author_id":1,"project_id":5,"system":false,"noteable_id":7,"discussion_id":"\(Self.hex40(index))",\
            "action":"create"},\
            "merge_request":{"id":7,"iid":1,"target_branch":"markdown","source_branch":"master","state":"opened",\
            "last_commit":{"id":"562e173be03b8ff2efb05345d12df18815438a4b"}}}
            """)
    }

    /// A GitHub `pull_request` `opened` event for pull request `event + 1` with a head SHA derived from `event`.
    func pullRequestOpened(_ event: Int) -> ByteBuffer {
        let sha = Self.hex40(event &* 2_654_435_761)
        return ByteBuffer(string: """
            {"action":"opened","number":\(event + 1),\
            "pull_request":{"url":"https://api.github.com/repos/acme/widgets/pulls/\(event + 1)","id":\(279_147_437 + event),\
            "number":\(event + 1),"state":"open","locked":false,"title":"Update the README \(event)","draft":false,\
            "user":{"login":"Codertocat","id":21031067,"type":"User"},"body":"\(Self.description)",\
            "head":{"label":"acme:feature-\(event)","ref":"feature-\(event)","sha":"\(sha)"},\
            "base":{"label":"acme:main","ref":"main","sha":"f95f852bd8fca8fcc58a9a2d6c842781e32a215e"}},\
            "repository":{"id":186853002,"name":"widgets","full_name":"acme/widgets","private":false,\
            "clone_url":"https://github.com/acme/widgets.git","default_branch":"main"},\
            "installation":{"id":1},"sender":{"login":"Codertocat","id":21031067,"type":"User"}}
            """)
    }

    /// A GitHub `issue_comment` on a pull request that does not mention the bot (classified, then ignored).
    func pullRequestComment(_ index: Int) -> ByteBuffer {
        ByteBuffer(string: """
            {"action":"created",\
            "issue":{"number":1,"title":"Update the README","state":"open",\
            "pull_request":{"url":"https://api.github.com/repos/acme/widgets/pulls/1"}},\
            "comment":{"id":\(492_700_400 + index),"body":"This PR needs work. \(Self.description)",\
            "user":{"login":"Codertocat","id":21031067,"type":"User"}},\
            "repository":{"id":186853002,"name":"widgets","full_name":"acme/widgets"},\
            "installation":{"id":1},"sender":{"login":"Codertocat","id":21031067,"type":"User"}}
            """)
    }

    /// `value` as 40 lowercase hex digits (the shape of a SHA-1).
    private static func hex40(_ value: Int) -> String {
        let digits = String(UInt64(truncatingIfNeeded: value), radix: 16)
        return String(repeating: "0", count: 40 - digits.count) + digits
    }

    private static let description = String(repeating: "Lorem ipsum dolor sit amet, consectetur adipiscing elit. ", count: 40)
}
