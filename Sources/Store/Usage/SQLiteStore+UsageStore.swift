public import Foundation
import GRDB
public import WardenCore

extension SQLiteStore: UsageStore {
    /// Records one finished run, pruning expired history first when it is due (`warden gateway` never enqueues).
    /// See ``CodexRunLedger/record(_:)``.
    public func record(_ run: CodexRun) async throws {
        let configuration = self.configuration
        let pruner = self.pruner
        try await write("record a Codex run") { db in
            try pruner.pruneIfDue(db, now: configuration.now())
            try db.cachedStatement(
                sql: """
                    INSERT INTO codex_runs (system, project_id, reference, codex_thread_id, model, input_tokens, cached_input_tokens,
                        output_tokens, reasoning_tokens, duration_seconds, outcome, finished_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """
            ).execute(arguments: [
                run.system.rawValue, run.projectID, run.reference, run.threadID, run.model, run.tokens.input, run.tokens.cachedInput,
                run.tokens.output, run.tokens.reasoning, run.durationSeconds, run.outcome, run.finishedAt.timeIntervalSince1970,
            ])
        }
    }

    /// The runs that ended at or after `since`. See ``UsageStore/runs(since:)``.
    public func runs(since: Date) async throws -> [CodexRun] {
        try await read("read Codex runs") { db in
            try Row.fetchAll(
                db.cachedStatement(
                    sql: """
                        SELECT \(Self.codexRunColumns) FROM codex_runs WHERE finished_at >= ? ORDER BY finished_at, id
                        """
                ),
                arguments: [since.timeIntervalSince1970]
            ).map(Self.codexRun(row:))
        }
    }

    /// The columns ``codexRun(row:)`` reads, in its order.
    static let codexRunColumns = """
        system, project_id, reference, codex_thread_id, model, input_tokens, cached_input_tokens,
            output_tokens, reasoning_tokens, duration_seconds, outcome, finished_at
        """

    /// A run from a row of ``codexRunColumns``.
    /// - Throws: ``StoreError`` `corrupt_record` for a system this version does not know.
    static func codexRun(row: Row) throws -> CodexRun {
        let systemText: String = row[0]
        guard let system = CodexSystem(rawValue: systemText) else {
            throw StoreError.corruptRecord(table: "codex_runs", column: "system", value: systemText)
        }
        return CodexRun(
            system: system,
            projectID: row[1],
            reference: row[2],
            threadID: row[3],
            model: row[4],
            tokens: RunTokens(input: row[5], cachedInput: row[6], output: row[7], reasoning: row[8]),
            durationSeconds: row[9],
            outcome: row[10],
            finishedAt: Date(timeIntervalSince1970: row[11])
        )
    }

    /// The tokens per system and model since `since`. See ``UsageStore/usageTotals(since:)``.
    public func usageTotals(since: Date) async throws -> [UsageTotal] {
        try await read("sum Codex runs") { db in
            try Row.fetchAll(
                db.cachedStatement(
                    sql: """
                        SELECT system, model, COUNT(*), SUM(input_tokens), SUM(cached_input_tokens), SUM(output_tokens),
                            SUM(reasoning_tokens)
                        FROM codex_runs WHERE finished_at >= ? GROUP BY system, model ORDER BY system, model
                        """
                ),
                arguments: [since.timeIntervalSince1970]
            ).map { row throws in
                let systemText: String = row[0]
                guard let system = CodexSystem(rawValue: systemText) else {
                    throw StoreError.corruptRecord(table: "codex_runs", column: "system", value: systemText)
                }
                return UsageTotal(
                    system: system,
                    model: row[1],
                    runs: row[2],
                    tokens: RunTokens(input: row[3], cachedInput: row[4], output: row[5], reasoning: row[6])
                )
            }
        }
    }

    /// The summed tokens of a Codex thread's runs. See ``CodexRunLedger/threadTokens(_:)``.
    public func threadTokens(_ threadID: String) async throws -> RunTokens {
        try await read("sum a Codex thread's runs") { db in
            let row = try Row.fetchOne(
                db.cachedStatement(
                    sql: """
                        SELECT COALESCE(SUM(input_tokens), 0), COALESCE(SUM(cached_input_tokens), 0), COALESCE(SUM(output_tokens), 0),
                            COALESCE(SUM(reasoning_tokens), 0)
                        FROM codex_runs WHERE codex_thread_id = ?
                        """
                ),
                arguments: [threadID]
            )
            guard let row else { return .zero }
            return RunTokens(input: row[0], cachedInput: row[1], output: row[2], reasoning: row[3])
        }
    }
}
