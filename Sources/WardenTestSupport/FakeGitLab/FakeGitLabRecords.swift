import WardenCore

// The fake GitLab's in-memory storage: projects, merge requests with their versions, threads, notes and issues.

struct ProjectRecord: Sendable {
    var id: Int
    var path: String
    var repositoryPath: String
    var defaultBranch: String
    var httpURLToRepo: String?
    /// An archived project is read-only: GitLab answers every write with 403.
    var archived = false
}

struct MergeRequestKey: Sendable, Hashable {
    var projectID: Int
    var iid: Int
}

struct VersionRecord: Sendable {
    var id: Int
    var baseSHA: String
    var startSHA: String
    var headSHA: String
    var files: [FakeDiffFile]

    var `public`: FakeGitLab.Version { FakeGitLab.Version(id: id, baseSHA: baseSHA, startSHA: startSHA, headSHA: headSHA) }
}

/// A stored note's position: the version's SHAs and type around the paths and lines.
struct PositionRecord: Sendable, Hashable {
    var baseSHA: String
    var startSHA: String
    var headSHA: String
    var positionType: String
    var lines: NotePosition
}

struct DiscussionRecord: Sendable {
    var id: String
    var individualNote: Bool
    var noteIDs: [Int]
}

struct DraftRecord: Sendable {
    var id: Int
    var authorID: Int
    var note: String
    var position: PositionRecord?
    var inReplyToDiscussionID: String?
}

struct MergeRequestRecord: Sendable {
    var id: Int
    var iid: Int
    var projectID: Int
    var title: String
    var description: String
    var sourceBranch: String
    var targetBranch: String
    var authorID: Int
    var state = "opened"
    /// Oldest first; `/versions` lists them reversed.
    var versions: [VersionRecord]
    var discussions: [DiscussionRecord] = []
    var drafts: [DraftRecord] = []

    /// GitLab's draft rule: a `Draft:`, `[Draft]` or `(Draft)` title prefix, in any case.
    var isDraft: Bool {
        let lowered = title.lowercased()
        return ["draft:", "[draft]", "(draft)"].contains { lowered.hasPrefix($0) }
    }
}

enum Noteable: Sendable, Hashable {
    case mergeRequest(MergeRequestKey)
    case issue(IssueKey)
}

struct NoteRecord: Sendable {
    var id: Int
    var body: String
    var author: FakeGitLab.User
    var noteable: Noteable
    var discussionID: String
    var type: String?
    var position: PositionRecord?
    var awardEmoji: [String] = []

    var stored: FakeGitLab.StoredNote {
        FakeGitLab.StoredNote(
            id: id,
            body: body,
            authorID: author.id,
            discussionID: discussionID,
            hasPosition: position != nil,
            awardEmoji: awardEmoji
        )
    }
}

struct IssueKey: Sendable, Hashable {
    var projectID: Int
    var iid: Int
}

struct IssueRecord: Sendable {
    var id: Int
    var iid: Int
    var projectID: Int
    var title: String
    var description: String
    var labels: [String]
    var state: String
    var noteIDs: [Int]
}

/// An answer: status, headers and body text.
struct FakeGitLabResponse: Sendable {
    var status: Int
    var headers: [String: String]
    var body: String

    static func json(_ status: Int, _ value: ScriptedJSON, headers: [String: String] = [:]) -> Self {
        Self(status: status, headers: headers.merging(["content-type": "application/json"]) { mine, _ in mine }, body: value.serialized)
    }

    static func noContent() -> Self {
        Self(status: 204, headers: [:], body: "")
    }

    /// GitLab's 400 for a position whose line is not in the diff (the exact text GitLab sends).
    static let invalidLineCode = json(
        400,
        ["message": "400 Bad request - Note {:line_code=>[\"can't be blank\", \"must be a valid line code\"]}"]
    )

    static func failure(_ failure: FakeGitLabFailure) -> Self {
        switch failure {
        case .rateLimited(let retryAfter):
            let headers = retryAfter.map { ["retry-after": String($0), "content-type": "text/plain"] } ?? ["content-type": "text/plain"]
            return Self(status: 429, headers: headers, body: "Retry later\n")
        case .rateLimitedUntil(let reset):
            return Self(status: 429, headers: ["ratelimit-reset": String(reset), "content-type": "text/plain"], body: "Retry later\n")
        case .serverError(let status):
            return json(status, ["message": .string("\(status) Internal Server Error")])
        }
    }
}

struct ProjectMember: Sendable, Hashable {
    var projectID: Int
    var userID: Int
}
