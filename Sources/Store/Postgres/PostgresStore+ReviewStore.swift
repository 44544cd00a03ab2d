import Foundation
import PostgresNIO
public import WardenCore

extension PostgresStore {
    /// Whether this head SHA has a review that did not fail.
    /// See ``ReviewStore/isReviewed(forge:projectID:mergeRequestIID:headSHA:)``.
    public func isReviewed(forge: ForgeKind, projectID: ProjectID, mergeRequestIID: MergeRequestIID, headSHA: String) async throws -> Bool {
        let rows = try await fetch(
            "look up a review",
            """
            SELECT 1 FROM reviews
            WHERE forge = \(forge.rawValue) AND project_id = \(projectID) AND merge_request_iid = \(mergeRequestIID)
              AND head_sha = \(headSHA) AND state <> 'failed'
            """
        )
        return !rows.isEmpty
    }

    /// Records a review, replacing one of the same head SHA. See ``ReviewStore/record(_:)``.
    public func record(_ review: ReviewRecord) async throws {
        let now = configuration.now().timeIntervalSince1970
        _ = try await fetch(
            "record a review",
            """
            INSERT INTO reviews (forge, project_id, merge_request_iid, head_sha, state, status_note_id, codex_thread_id,
                input_tokens, cached_input_tokens, output_tokens, reasoning_tokens, created_at, updated_at, findings)
            VALUES (\(review.forge.rawValue), \(review.projectID), \(review.mergeRequestIID), \(review.headSHA), \(review.state.rawValue),
                \(review.statusNoteID), \(review.codexThreadID), \(review.inputTokens), \(review.cachedInputTokens),
                \(review.outputTokens), \(review.reasoningTokens), \(now), \(now), \(review.findings))
            ON CONFLICT (forge, project_id, merge_request_iid, head_sha) DO UPDATE SET
                state = excluded.state, status_note_id = excluded.status_note_id,
                codex_thread_id = excluded.codex_thread_id, input_tokens = excluded.input_tokens,
                cached_input_tokens = excluded.cached_input_tokens, output_tokens = excluded.output_tokens,
                reasoning_tokens = excluded.reasoning_tokens, updated_at = excluded.updated_at, findings = excluded.findings
            """
        )
    }

    /// The most recently created review of a merge request. See ``ReviewStore/latest(forge:projectID:mergeRequestIID:)``.
    public func latest(forge: ForgeKind, projectID: ProjectID, mergeRequestIID: MergeRequestIID) async throws -> ReviewRecord? {
        let rows = try await fetch(
            "read the latest review",
            """
            SELECT \(unescaped: SQLiteStore.reviewColumns)
            FROM reviews WHERE forge = \(forge.rawValue) AND project_id = \(projectID) AND merge_request_iid = \(mergeRequestIID)
            ORDER BY created_at DESC, seq DESC LIMIT 1
            """
        )
        guard let row = rows.first else { return nil }
        return try Self.reviewRecord(row)
    }

    /// The newest reviews of every merge request. See ``ReviewStore/recent(limit:)``.
    public func recent(limit: Int) async throws -> [ReviewRecord] {
        let rows = try await fetch(
            "read recent reviews",
            "SELECT \(unescaped: SQLiteStore.reviewColumns) FROM reviews ORDER BY created_at DESC, seq DESC LIMIT \(max(0, limit))"
        )
        return try rows.map(Self.reviewRecord)
    }

    /// Reads a row selected with `SQLiteStore.reviewColumns`.
    /// - Throws: ``StoreError`` `corrupt_record` for a forge or state this version does not know.
    static func reviewRecord(_ row: PostgresRow) throws -> ReviewRecord {
        let cells = row.makeRandomAccess()
        let forge = try ForgeKind.stored(try cells[0].decode(String.self), table: "reviews")
        let stateText = try cells[4].decode(String.self)
        guard let state = ReviewState(rawValue: stateText) else {
            throw StoreError.corruptRecord(table: "reviews", column: "state", value: stateText)
        }
        return ReviewRecord(
            forge: forge,
            projectID: try cells[1].decode(Int.self),
            mergeRequestIID: try cells[2].decode(Int.self),
            headSHA: try cells[3].decode(String.self),
            state: state,
            statusNoteID: try cells[5].decode(Int?.self),
            codexThreadID: try cells[6].decode(String?.self),
            inputTokens: try cells[7].decode(Int64.self),
            cachedInputTokens: try cells[8].decode(Int64.self),
            outputTokens: try cells[9].decode(Int64.self),
            reasoningTokens: try cells[10].decode(Int64.self),
            findings: try cells[13].decode(Int?.self),
            createdAt: Date(timeIntervalSince1970: try cells[11].decode(Double.self)),
            updatedAt: Date(timeIntervalSince1970: try cells[12].decode(Double.self))
        )
    }
}
