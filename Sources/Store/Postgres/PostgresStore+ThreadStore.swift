import Foundation
import PostgresNIO
public import WardenCore

extension PostgresStore {
    /// Maps a discussion to a Codex thread. See ``ThreadStore/record(discussionID:codexThreadID:projectID:mergeRequestIID:)``.
    public func record(discussionID: DiscussionID, codexThreadID: String, projectID: ProjectID, mergeRequestIID: MergeRequestIID) async throws {
        let now = configuration.now().timeIntervalSince1970
        _ = try await fetch(
            "record a thread",
            """
            INSERT INTO threads (discussion_id, codex_thread_id, project_id, merge_request_iid, created_at, updated_at)
            VALUES (\(discussionID), \(codexThreadID), \(projectID), \(mergeRequestIID), \(now), \(now))
            ON CONFLICT (discussion_id) DO UPDATE SET
                codex_thread_id = excluded.codex_thread_id, project_id = excluded.project_id,
                merge_request_iid = excluded.merge_request_iid, updated_at = excluded.updated_at
            """
        )
    }

    /// The Codex thread of a discussion, marking the mapping as used now so retention counts from its last use.
    /// See ``ThreadStore/codexThread(forDiscussion:)``.
    public func codexThread(forDiscussion discussionID: DiscussionID) async throws -> String? {
        let now = configuration.now().timeIntervalSince1970
        let rows = try await fetch(
            "look up a thread",
            "UPDATE threads SET updated_at = \(now) WHERE discussion_id = \(discussionID) RETURNING codex_thread_id"
        )
        return try rows.first?.decode(String.self)
    }
}
