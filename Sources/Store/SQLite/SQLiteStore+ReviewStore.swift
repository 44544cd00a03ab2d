import Foundation
import GRDB
public import WardenCore

extension SQLiteStore {
    /// Whether this head SHA has a review that did not fail.
    /// See ``ReviewStore/isReviewed(forge:projectID:mergeRequestIID:headSHA:)``.
    public func isReviewed(forge: ForgeKind, projectID: ProjectID, mergeRequestIID: MergeRequestIID, headSHA: String) async throws -> Bool {
        try await read("look up a review") { db in
            try Bool.fetchOne(
                db.cachedStatement(
                    sql: """
                        SELECT 1 FROM reviews
                        WHERE forge = ? AND project_id = ? AND merge_request_iid = ? AND head_sha = ? AND state <> 'failed'
                        """
                ),
                arguments: [forge.rawValue, projectID, mergeRequestIID, headSHA]
            ) ?? false
        }
    }

    /// Records a review, replacing one of the same head SHA. See ``ReviewStore/record(_:)``.
    public func record(_ review: ReviewRecord) async throws {
        let configuration = self.configuration
        try await write("record a review") { db in
            let now = configuration.now().timeIntervalSince1970
            try db.cachedStatement(
                sql: """
                    INSERT INTO reviews (forge, project_id, merge_request_iid, head_sha, state, status_note_id, codex_thread_id,
                        input_tokens, cached_input_tokens, output_tokens, reasoning_tokens, created_at, updated_at, findings)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (forge, project_id, merge_request_iid, head_sha) DO UPDATE SET
                        state = excluded.state, status_note_id = excluded.status_note_id,
                        codex_thread_id = excluded.codex_thread_id, input_tokens = excluded.input_tokens,
                        cached_input_tokens = excluded.cached_input_tokens, output_tokens = excluded.output_tokens,
                        reasoning_tokens = excluded.reasoning_tokens, updated_at = excluded.updated_at, findings = excluded.findings
                    """
            ).execute(arguments: [
                review.forge.rawValue, review.projectID, review.mergeRequestIID, review.headSHA, review.state.rawValue,
                review.statusNoteID, review.codexThreadID, review.inputTokens, review.cachedInputTokens, review.outputTokens,
                review.reasoningTokens, now, now, review.findings,
            ])
        }
    }

    /// The most recently created review of a merge request. See ``ReviewStore/latest(forge:projectID:mergeRequestIID:)``.
    public func latest(forge: ForgeKind, projectID: ProjectID, mergeRequestIID: MergeRequestIID) async throws -> ReviewRecord? {
        try await read("read the latest review") { db in
            try Row.fetchOne(
                db.cachedStatement(
                    sql: """
                        SELECT \(Self.reviewColumns) FROM reviews WHERE forge = ? AND project_id = ? AND merge_request_iid = ?
                        ORDER BY created_at DESC, rowid DESC LIMIT 1
                        """
                ),
                arguments: [forge.rawValue, projectID, mergeRequestIID]
            ).map(Self.reviewRecord)
        }
    }

    /// The newest reviews of every merge request. See ``ReviewStore/recent(limit:)``.
    public func recent(limit: Int) async throws -> [ReviewRecord] {
        try await read("read recent reviews") { db in
            try Row.fetchAll(
                db.cachedStatement(sql: "SELECT \(Self.reviewColumns) FROM reviews ORDER BY created_at DESC, rowid DESC LIMIT ?"),
                arguments: [max(0, limit)]
            ).map(Self.reviewRecord)
        }
    }

    /// The columns ``reviewRecord(_:)`` reads, in its order (the PostgreSQL store selects the same).
    static let reviewColumns = """
        forge, project_id, merge_request_iid, head_sha, state, status_note_id, codex_thread_id, \
        input_tokens, cached_input_tokens, output_tokens, reasoning_tokens, created_at, updated_at, findings
        """

    /// Reads a row selected with ``reviewColumns``.
    /// - Throws: ``StoreError`` `corrupt_record` for a forge or state this version does not know.
    static func reviewRecord(_ row: Row) throws -> ReviewRecord {
        let forge = try ForgeKind.stored(row[0], table: "reviews")
        let stateText: String = row[4]
        guard let state = ReviewState(rawValue: stateText) else {
            throw StoreError.corruptRecord(table: "reviews", column: "state", value: stateText)
        }
        return ReviewRecord(
            forge: forge,
            projectID: row[1],
            mergeRequestIID: row[2],
            headSHA: row[3],
            state: state,
            statusNoteID: row[5],
            codexThreadID: row[6],
            inputTokens: row[7],
            cachedInputTokens: row[8],
            outputTokens: row[9],
            reasoningTokens: row[10],
            findings: row[13],
            createdAt: Date(timeIntervalSince1970: row[11]),
            updatedAt: Date(timeIntervalSince1970: row[12])
        )
    }
}
