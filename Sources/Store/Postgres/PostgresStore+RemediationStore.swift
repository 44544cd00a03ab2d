import Foundation
import PostgresNIO
public import WardenCore

extension PostgresStore: RemediationStore {
    /// The record of a finding on a day. See ``RemediationStore/remediation(forge:projectID:day:findingID:)``.
    public func remediation(forge: ForgeKind, projectID: ProjectID, day: String, findingID: String) async throws -> RemediationRecord? {
        try Self.checkDay(day)
        let rows = try await fetch(
            "look up a remediation",
            """
            SELECT project_id, day, finding_id, outcome, merge_request_iid, input_tokens, output_tokens, created_at
            FROM remediations WHERE forge = \(forge.rawValue) AND project_id = \(projectID) AND day = \(day) AND finding_id = \(findingID)
            """
        )
        guard let row = rows.first else { return nil }
        let cells = row.makeRandomAccess()
        return RemediationRecord(
            forge: forge,
            projectID: try cells[0].decode(Int.self),
            day: try cells[1].decode(String.self),
            findingID: try cells[2].decode(String.self),
            outcome: try cells[3].decode(String.self),
            mergeRequestIID: try cells[4].decode(Int?.self),
            inputTokens: try cells[5].decode(Int64.self),
            outputTokens: try cells[6].decode(Int64.self),
            createdAt: Date(timeIntervalSince1970: try cells[7].decode(Double.self))
        )
    }

    /// Records a handled finding. See ``RemediationStore/recordRemediation(_:)``.
    public func recordRemediation(_ remediation: RemediationRecord) async throws {
        try Self.checkDay(remediation.day)
        let configuration = self.configuration
        let pruner = self.pruner
        let logger = self.logger
        try await transaction("record a remediation") { connection in
            try await pruner.pruneIfDue(connection, now: configuration.now(), logger: logger)
            let now = configuration.now().timeIntervalSince1970
            try await connection.query(
                """
                INSERT INTO remediations (forge, project_id, day, finding_id, outcome, merge_request_iid, input_tokens, output_tokens,
                    created_at, updated_at)
                VALUES (\(remediation.forge.rawValue), \(remediation.projectID), \(remediation.day), \(remediation.findingID), \(remediation.outcome),
                    \(remediation.mergeRequestIID), \(remediation.inputTokens), \(remediation.outputTokens), \(now), \(now))
                ON CONFLICT (forge, project_id, day, finding_id) DO UPDATE SET
                    outcome = excluded.outcome, merge_request_iid = excluded.merge_request_iid,
                    input_tokens = excluded.input_tokens, output_tokens = excluded.output_tokens, updated_at = excluded.updated_at
                """,
                logger: logger
            )
        }
    }

    /// Merge requests opened on a day. See ``RemediationStore/remediationMergeRequestCount(forge:projectID:day:)``.
    public func remediationMergeRequestCount(forge: ForgeKind, projectID: ProjectID, day: String) async throws -> Int {
        try Self.checkDay(day)
        let rows = try await fetch(
            "count remediation merge requests",
            """
            SELECT COUNT(*) FROM remediations
            WHERE forge = \(forge.rawValue) AND project_id = \(projectID) AND day = \(day) AND merge_request_iid IS NOT NULL
            """
        )
        return try rows.first?.decode(Int.self) ?? 0
    }

    private static func checkDay(_ day: String) throws {
        guard RemediationRecord.isValidDay(day) else {
            throw StoreError.invalidArgument("day", problem: "is \"\(day.prefix(40))\", not YYYY-MM-DD")
        }
    }
}
