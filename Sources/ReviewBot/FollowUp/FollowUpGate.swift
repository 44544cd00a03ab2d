public import Forge
public import Foundation
public import WardenCore

/// Decides whether a mention of the bot may start a Codex turn: its author must have at least
/// `review.min_access_level` on the project (looked up through the API, remembered for a few minutes), and may mention
/// the bot at most `review.max_mentions_per_hour` times per merge request.
///
/// Everyone who can comment on a merge request can mention the bot; without this gate a guest on a public project
/// could make the bot run Codex on the team's seat as often as they like, with prompts of their choosing.
public actor FollowUpGate {
    /// Why a mention was not answered.
    public enum Refusal: Sendable, Equatable {
        /// The author's role is below the minimum.
        case accessLevel(actual: Int, required: AccessLevel)
        /// The author mentioned the bot too often on this merge request within the hour.
        case tooManyMentions(limit: Int)

        /// A short, low-cardinality form for logs and metrics.
        public var metricLabel: String {
            switch self {
            case .accessLevel: "access_level"
            case .tooManyMentions: "rate_limited"
            }
        }
    }

    /// How long a looked-up access level is trusted.
    static let accessLevelLifetime: TimeInterval = 300

    private struct MentionKey: Hashable {
        var projectID: ProjectID
        var iid: MergeRequestIID
        var userID: UserID
    }

    private struct ProjectMember: Hashable {
        var projectID: ProjectID
        var userID: UserID
    }

    private var levels: [ProjectMember: (value: Int, at: Date)] = [:]
    private var windows: [MentionKey: MentionWindow] = [:]
    private let now: @Sendable () -> Date

    /// A gate with an empty cache.
    /// - Parameter now: the clock; tests pass one they move.
    public init(now: @escaping @Sendable () -> Date = { Date() }) {
        self.now = now
    }

    /// Whether `author`'s mention on the merge request may be answered; `nil` when it may.
    ///
    /// - Throws: ``ForgeError`` when the access level cannot be looked up (the worker's failure policy retries).
    public func refusal(
        author: ForgeUser,
        projectID: ProjectID,
        iid: MergeRequestIID,
        settings: ReviewSettings,
        forge: any ForgeClient
    ) async throws -> Refusal? {
        forgetExpired()
        let level = try await accessLevel(of: author, in: projectID, forge: forge)
        guard level >= settings.minimumAccessLevel.gitlabValue else {
            return .accessLevel(actual: level, required: settings.minimumAccessLevel)
        }
        let key = MentionKey(projectID: projectID, iid: iid, userID: author.id)
        var window = windows[key] ?? MentionWindow()
        let admitted = window.admit(at: now(), limit: settings.maximumMentionsPerHour)
        windows[key] = window
        return admitted ? nil : .tooManyMentions(limit: settings.maximumMentionsPerHour)
    }

    /// How many users, merge requests and memberships the gate remembers (tests check nothing is kept for good).
    var rememberedEntries: Int { levels.count + windows.count }

    /// Drops access levels past their lifetime and mention windows with no mention left in them, so a long-running
    /// `serve` keeps only the last hour's mentioners.
    private func forgetExpired() {
        let now = now()
        levels = levels.filter { now.timeIntervalSince($0.value.at) < Self.accessLevelLifetime }
        windows = windows.filter { !$0.value.isEmpty(at: now) }
    }

    private func accessLevel(of user: ForgeUser, in projectID: ProjectID, forge: any ForgeClient) async throws -> Int {
        let member = ProjectMember(projectID: projectID, userID: user.id)
        if let cached = levels[member], now().timeIntervalSince(cached.at) < Self.accessLevelLifetime { return cached.value }
        let value = try await forge.accessLevel(.id(projectID), user: user)
        levels[member] = (value, now())
        return value
    }
}
