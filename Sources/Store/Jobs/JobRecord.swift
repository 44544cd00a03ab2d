public import Foundation
public import WardenCore

/// A job as the queue holds it: what `warden queue list --json` prints.
///
/// Encodes with snake_case keys (`last_error`, `created_at`, …) and ISO 8601 timestamps whatever the encoder's
/// date strategy, so the CLI's JSON output is stable.
public struct JobRecord: Sendable, Equatable, Codable {
    /// The deterministic job id.
    public var id: String
    /// What the job asks a worker to do.
    public var kind: JobKind
    /// Where the job is in its life.
    public var state: JobState
    /// How many times a worker has claimed the job.
    public var attempts: Int
    /// The error of the last failed attempt, if any.
    public var lastError: String?
    /// When the job was first enqueued.
    public var createdAt: Date
    /// When the job last changed.
    public var updatedAt: Date
    /// For a `failed` job: the earliest time it may run again.
    public var runAfter: Date?
    /// The forge the merge request lives on.
    public var forge: ForgeKind
    /// The forge's numeric project id (GitHub: the repository id).
    public var projectID: ProjectID
    /// The merge request's project-scoped number (GitHub: the pull request number).
    public var mergeRequestIID: MergeRequestIID
    /// GitHub's `owner/name` of the repository; `nil` on GitLab.
    public var repository: String?
    /// The GitHub App installation whose token the worker uses; `nil` otherwise.
    public var installationID: Int?
    /// The head commit a review job reviews.
    public var headSHA: String?
    /// The note a note job answers.
    public var noteID: NoteID?
    /// The discussion the note belongs to.
    public var discussionID: DiscussionID?
    /// Where the note sits in the diff.
    public var position: NotePosition?
    /// The worker holding the lease, while `running`.
    public var leaseOwner: String?
    /// When the lease runs out; after that another worker may reclaim the job.
    public var leaseExpiresAt: Date?

    /// Creates a record from its parts.
    public init(
        id: String,
        kind: JobKind,
        state: JobState,
        attempts: Int,
        lastError: String? = nil,
        createdAt: Date,
        updatedAt: Date,
        runAfter: Date? = nil,
        forge: ForgeKind = .gitlab,
        projectID: ProjectID,
        mergeRequestIID: MergeRequestIID,
        repository: String? = nil,
        installationID: Int? = nil,
        headSHA: String? = nil,
        noteID: NoteID? = nil,
        discussionID: DiscussionID? = nil,
        position: NotePosition? = nil,
        leaseOwner: String? = nil,
        leaseExpiresAt: Date? = nil
    ) {
        self.id = id
        self.kind = kind
        self.state = state
        self.attempts = attempts
        self.lastError = lastError
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.runAfter = runAfter
        self.forge = forge
        self.projectID = projectID
        self.mergeRequestIID = mergeRequestIID
        self.repository = repository
        self.installationID = installationID
        self.headSHA = headSHA
        self.noteID = noteID
        self.discussionID = discussionID
        self.position = position
        self.leaseOwner = leaseOwner
        self.leaseExpiresAt = leaseExpiresAt
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, kind, state, attempts, position, forge, repository
        case installationID = "installation_id"
        case lastError = "last_error"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
        case runAfter = "run_after"
        case projectID = "project_id"
        case mergeRequestIID = "merge_request_iid"
        case headSHA = "head_sha"
        case noteID = "note_id"
        case discussionID = "discussion_id"
        case leaseOwner = "lease_owner"
        case leaseExpiresAt = "lease_expires_at"
    }

    /// Decodes a record written by ``encode(to:)``.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        kind = try container.decode(JobKind.self, forKey: .kind)
        state = try container.decode(JobState.self, forKey: .state)
        attempts = try container.decode(Int.self, forKey: .attempts)
        lastError = try container.decodeIfPresent(String.self, forKey: .lastError)
        createdAt = try ISO8601Timestamp.decode(from: container, forKey: .createdAt)
        updatedAt = try ISO8601Timestamp.decode(from: container, forKey: .updatedAt)
        runAfter = try ISO8601Timestamp.decodeIfPresent(from: container, forKey: .runAfter)
        // Records written before GitHub existed carry no forge: they are GitLab's.
        forge = try container.decodeIfPresent(ForgeKind.self, forKey: .forge) ?? .gitlab
        projectID = try container.decode(ProjectID.self, forKey: .projectID)
        mergeRequestIID = try container.decode(MergeRequestIID.self, forKey: .mergeRequestIID)
        repository = try container.decodeIfPresent(String.self, forKey: .repository)
        installationID = try container.decodeIfPresent(Int.self, forKey: .installationID)
        headSHA = try container.decodeIfPresent(String.self, forKey: .headSHA)
        noteID = try container.decodeIfPresent(NoteID.self, forKey: .noteID)
        discussionID = try container.decodeIfPresent(DiscussionID.self, forKey: .discussionID)
        position = try container.decodeIfPresent(NotePosition.self, forKey: .position)
        leaseOwner = try container.decodeIfPresent(String.self, forKey: .leaseOwner)
        leaseExpiresAt = try ISO8601Timestamp.decodeIfPresent(from: container, forKey: .leaseExpiresAt)
    }

    /// Encodes the record with snake_case keys and ISO 8601 timestamps; absent values are omitted.
    public func encode(to encoder: any Encoder) throws {
        try encode(to: encoder, absentValuesAsNull: false)
    }

    /// Encodes the record with snake_case keys and ISO 8601 timestamps.
    /// - Parameters:
    ///   - encoder: Where to write.
    ///   - absentValuesAsNull: Whether an absent value is written as `null` (``JobView``'s stable schema) or omitted.
    func encode(to encoder: any Encoder, absentValuesAsNull: Bool) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        func optional<Value: Encodable>(_ value: Value?, _ key: CodingKeys) throws {
            if absentValuesAsNull { try container.encode(value, forKey: key) } else { try container.encodeIfPresent(value, forKey: key) }
        }
        try container.encode(id, forKey: .id)
        try container.encode(kind, forKey: .kind)
        try container.encode(state, forKey: .state)
        try container.encode(attempts, forKey: .attempts)
        try optional(lastError, .lastError)
        try container.encode(ISO8601Timestamp.string(from: createdAt), forKey: .createdAt)
        try container.encode(ISO8601Timestamp.string(from: updatedAt), forKey: .updatedAt)
        try optional(runAfter.map(ISO8601Timestamp.string(from:)), .runAfter)
        try container.encode(forge, forKey: .forge)
        try container.encode(projectID, forKey: .projectID)
        try container.encode(mergeRequestIID, forKey: .mergeRequestIID)
        try optional(repository, .repository)
        try optional(installationID, .installationID)
        try optional(headSHA, .headSHA)
        try optional(noteID, .noteID)
        try optional(discussionID, .discussionID)
        try optional(position, .position)
        try optional(leaseOwner, .leaseOwner)
        try optional(leaseExpiresAt.map(ISO8601Timestamp.string(from:)), .leaseExpiresAt)
    }
}
