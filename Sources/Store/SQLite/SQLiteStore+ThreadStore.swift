import Foundation
import GRDB
public import WardenCore

extension SQLiteStore {
    /// Maps a discussion to a Codex thread. See ``ThreadStore/record(discussionID:codexThreadID:projectID:mergeRequestIID:)``.
    public func record(discussionID: DiscussionID, codexThreadID: String, projectID: ProjectID, mergeRequestIID: MergeRequestIID) async throws {
        let configuration = self.configuration
        try await write("record a thread") { db in
            let now = configuration.now().timeIntervalSince1970
            try db.cachedStatement(
                sql: """
                    INSERT INTO threads (discussion_id, codex_thread_id, project_id, merge_request_iid, created_at, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?)
                    ON CONFLICT (discussion_id) DO UPDATE SET
                        codex_thread_id = excluded.codex_thread_id, project_id = excluded.project_id,
                        merge_request_iid = excluded.merge_request_iid, updated_at = excluded.updated_at
                    """
            ).execute(arguments: [discussionID, codexThreadID, projectID, mergeRequestIID, now, now])
        }
    }

    /// The Codex thread of a discussion, marking the mapping as used now so retention counts from its last use.
    /// See ``ThreadStore/codexThread(forDiscussion:)``.
    public func codexThread(forDiscussion discussionID: DiscussionID) async throws -> String? {
        let configuration = self.configuration
        return try await write("look up a thread") { db in
            let thread = try String.fetchOne(
                db.cachedStatement(sql: "SELECT codex_thread_id FROM threads WHERE discussion_id = ?"),
                arguments: [discussionID]
            )
            if thread != nil {
                try db.cachedStatement(sql: "UPDATE threads SET updated_at = ? WHERE discussion_id = ?")
                    .execute(arguments: [configuration.now().timeIntervalSince1970, discussionID])
            }
            return thread
        }
    }
}
