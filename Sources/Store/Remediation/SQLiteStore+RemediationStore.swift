import Foundation
import GRDB
public import WardenCore

extension SQLiteStore: RemediationStore {
    /// The record of a finding on a day. See ``RemediationStore/remediation(forge:projectID:day:findingID:)``.
    public func remediation(forge: ForgeKind, projectID: ProjectID, day: String, findingID: String) async throws -> RemediationRecord? {
        try Self.checkDay(day)
        return try await read("look up a remediation") { db in
            guard
                let row = try Row.fetchOne(
                    db.cachedStatement(
                        sql: """
                            SELECT project_id, day, finding_id, outcome, merge_request_iid, input_tokens, output_tokens, created_at
                            FROM remediations WHERE forge = ? AND project_id = ? AND day = ? AND finding_id = ?
                            """
                    ),
                    arguments: [forge.rawValue, projectID, day, findingID]
                )
            else {
                return nil
            }
            return RemediationRecord(
                forge: forge,
                projectID: row[0],
                day: row[1],
                findingID: row[2],
                outcome: row[3],
                mergeRequestIID: row[4],
                inputTokens: row[5],
                outputTokens: row[6],
                createdAt: Date(timeIntervalSince1970: row[7])
            )
        }
    }

    /// Records a handled finding. See ``RemediationStore/recordRemediation(_:)``.
    public func recordRemediation(_ remediation: RemediationRecord) async throws {
        try Self.checkDay(remediation.day)
        let configuration = self.configuration
        let pruner = self.pruner
        try await write("record a remediation") { db in
            try pruner.pruneIfDue(db, now: configuration.now())
            let now = configuration.now().timeIntervalSince1970
            try db.cachedStatement(
                sql: """
                    INSERT INTO remediations (forge, project_id, day, finding_id, outcome, merge_request_iid, input_tokens, output_tokens,
                        created_at, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (forge, project_id, day, finding_id) DO UPDATE SET
                        outcome = excluded.outcome, merge_request_iid = excluded.merge_request_iid,
                        input_tokens = excluded.input_tokens, output_tokens = excluded.output_tokens, updated_at = excluded.updated_at
                    """
            ).execute(arguments: [
                remediation.forge.rawValue, remediation.projectID, remediation.day, remediation.findingID, remediation.outcome, remediation.mergeRequestIID,
                remediation.inputTokens, remediation.outputTokens, now, now,
            ])
        }
    }

    /// Merge requests opened on a day. See ``RemediationStore/remediationMergeRequestCount(forge:projectID:day:)``.
    public func remediationMergeRequestCount(forge: ForgeKind, projectID: ProjectID, day: String) async throws -> Int {
        try Self.checkDay(day)
        return try await read("count remediation merge requests") { db in
            try Int.fetchOne(
                db.cachedStatement(
                    sql: """
                        SELECT COUNT(*) FROM remediations WHERE forge = ? AND project_id = ? AND day = ? AND merge_request_iid IS NOT NULL
                        """
                ),
                arguments: [forge.rawValue, projectID, day]
            ) ?? 0
        }
    }

    private static func checkDay(_ day: String) throws {
        guard RemediationRecord.isValidDay(day) else {
            throw StoreError.invalidArgument("day", problem: "is \"\(day.prefix(40))\", not YYYY-MM-DD")
        }
    }
}
