import NIOCore

/// The synthetic deliveries of ``WebhookBenchmark``: realistic GitLab payloads (a few KiB, like real ones).
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

    /// `value` as 40 lowercase hex digits (the shape of a SHA-1).
    private static func hex40(_ value: Int) -> String {
        let digits = String(UInt64(truncatingIfNeeded: value), radix: 16)
        return String(repeating: "0", count: 40 - digits.count) + digits
    }

    private static let description = String(repeating: "Lorem ipsum dolor sit amet, consectetur adipiscing elit. ", count: 40)
}
