public import Foundation
public import WardenCore

/// The outcome of reviewing one merge request at one head SHA: ids, counters and timestamps only.
public struct ReviewRecord: Sendable, Equatable, Codable {
    /// The forge the merge request lives on.
    public var forge: ForgeKind
    /// The forge's numeric project id.
    public var projectID: ProjectID
    /// The merge request's project-scoped number.
    public var mergeRequestIID: MergeRequestIID
    /// The reviewed head commit.
    public var headSHA: String
    /// How far the review got.
    public var state: ReviewState
    /// The bot's status note on the merge request, edited in place.
    public var statusNoteID: NoteID?
    /// The Codex thread that produced the review, for follow-ups.
    public var codexThreadID: String?
    /// Input tokens Codex reported.
    public var inputTokens: Int64
    /// Input tokens served from the prompt cache.
    public var cachedInputTokens: Int64
    /// Output tokens Codex reported.
    public var outputTokens: Int64
    /// Reasoning tokens Codex reported.
    public var reasoningTokens: Int64
    /// How many findings the review published (inline and in the status note); `nil` when unknown (a review not
    /// posted, or one recorded before Warden counted them).
    public var findings: Int?
    /// When the review was first recorded; set by the store.
    public var createdAt: Date
    /// When the review was last recorded; set by the store.
    public var updatedAt: Date

    /// Creates a record. The store sets `createdAt` and `updatedAt` from its clock when it records one, so callers
    /// may leave them at their defaults.
    public init(
        forge: ForgeKind = .gitlab,
        projectID: ProjectID,
        mergeRequestIID: MergeRequestIID,
        headSHA: String,
        state: ReviewState,
        statusNoteID: NoteID? = nil,
        codexThreadID: String? = nil,
        inputTokens: Int64 = 0,
        cachedInputTokens: Int64 = 0,
        outputTokens: Int64 = 0,
        reasoningTokens: Int64 = 0,
        findings: Int? = nil,
        createdAt: Date = Date(timeIntervalSince1970: 0),
        updatedAt: Date = Date(timeIntervalSince1970: 0)
    ) {
        self.forge = forge
        self.projectID = projectID
        self.mergeRequestIID = mergeRequestIID
        self.headSHA = headSHA
        self.state = state
        self.statusNoteID = statusNoteID
        self.codexThreadID = codexThreadID
        self.inputTokens = inputTokens
        self.cachedInputTokens = cachedInputTokens
        self.outputTokens = outputTokens
        self.reasoningTokens = reasoningTokens
        self.findings = findings
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}
