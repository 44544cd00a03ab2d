public import Foundation
public import WardenCore

/// What became of one finding on one day in one project: ids, a state, counters and timestamps only.
public struct RemediationRecord: Sendable, Equatable, Codable {
    /// The forge the project is on: numeric ids are unique only within one forge.
    public var forge: ForgeKind
    /// The forge's numeric project id.
    public var projectID: ProjectID
    /// The day the finding was handled, `YYYY-MM-DD` in UTC.
    public var day: String
    /// The finding's id as its source gave it.
    public var findingID: String
    /// The runner's outcome label (`merge_request_opened`, `tests_failed`, `secret_found`…).
    public var outcome: String
    /// The merge request opened for it, if one was.
    public var mergeRequestIID: MergeRequestIID?
    /// Input tokens Codex reported.
    public var inputTokens: Int64
    /// Output tokens Codex reported.
    public var outputTokens: Int64
    /// When it was first recorded; set by the store.
    public var createdAt: Date

    /// Creates a record; the store sets `createdAt` from its clock, so callers may leave it.
    public init(
        forge: ForgeKind = .gitlab,
        projectID: ProjectID,
        day: String,
        findingID: String,
        outcome: String,
        mergeRequestIID: MergeRequestIID? = nil,
        inputTokens: Int64 = 0,
        outputTokens: Int64 = 0,
        createdAt: Date = Date(timeIntervalSince1970: 0)
    ) {
        self.forge = forge
        self.projectID = projectID
        self.day = day
        self.findingID = findingID
        self.outcome = outcome
        self.mergeRequestIID = mergeRequestIID
        self.inputTokens = inputTokens
        self.outputTokens = outputTokens
        self.createdAt = createdAt
    }

    /// Whether `text` is a day as records hold it: `YYYY-MM-DD`.
    public static func isValidDay(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2 else { return false }
        return parts.allSatisfy { $0.allSatisfy { $0.isASCII && $0.isNumber } }
    }
}
