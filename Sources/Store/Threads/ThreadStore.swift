public import WardenCore

/// Which Codex thread answers in which forge discussion, so a follow-up resumes the same conversation.
public protocol ThreadStore: Sendable {
    /// Remembers that a discussion belongs to a Codex thread, replacing an earlier mapping of the discussion.
    func record(discussionID: DiscussionID, codexThreadID: String, projectID: ProjectID, mergeRequestIID: MergeRequestIID) async throws

    /// The Codex thread of a discussion, or `nil` if the bot has no thread there. A lookup counts as a use: mappings
    /// unused for `store.review_retention` are forgotten.
    func codexThread(forDiscussion discussionID: DiscussionID) async throws -> String?
}
