public import Foundation
import PostgresNIO
public import WardenCore

extension PostgresStore: UsageStore {
    /// Records one finished run, pruning expired history first when it is due (`warden gateway` never enqueues).
    /// See ``CodexRunLedger/record(_:)``.
    public func record(_ run: CodexRun) async throws {
        let configuration = self.configuration
        let pruner = self.pruner
        let logger = self.logger
        try await transaction("record a Codex run") { connection in
            try await pruner.pruneIfDue(connection, now: configuration.now(), logger: logger)
            try await connection.query(
                """
                INSERT INTO codex_runs (system, project_id, reference, codex_thread_id, model, input_tokens, cached_input_tokens,
                    output_tokens, reasoning_tokens, duration_seconds, outcome, finished_at)
                VALUES (\(run.system.rawValue), \(run.projectID), \(run.reference), \(run.threadID), \(run.model), \(run.tokens.input),
                    \(run.tokens.cachedInput), \(run.tokens.output), \(run.tokens.reasoning), \(run.durationSeconds), \(run.outcome),
                    \(run.finishedAt.timeIntervalSince1970))
                """,
                logger: logger
            )
        }
    }

    /// The runs that ended at or after `since`. See ``UsageStore/runs(since:)``.
    public func runs(since: Date) async throws -> [CodexRun] {
        let rows = try await fetch(
            "read Codex runs",
            """
            SELECT \(unescaped: Self.codexRunColumns) FROM codex_runs WHERE finished_at >= \(since.timeIntervalSince1970) ORDER BY finished_at, id
            """
        )
        return try rows.map(Self.codexRun)
    }

    /// The tokens per system and model since `since`. See ``UsageStore/usageTotals(since:)``.
    public func usageTotals(since: Date) async throws -> [UsageTotal] {
        let rows = try await fetch(
            "sum Codex runs",
            """
            SELECT system, model, COUNT(*)::bigint, SUM(input_tokens)::bigint, SUM(cached_input_tokens)::bigint,
                SUM(output_tokens)::bigint, SUM(reasoning_tokens)::bigint
            FROM codex_runs WHERE finished_at >= \(since.timeIntervalSince1970) GROUP BY system, model ORDER BY system, model
            """
        )
        return try rows.map { row in
            let cells = row.makeRandomAccess()
            return UsageTotal(
                system: try Self.system(cells[0].decode(String.self)),
                model: try cells[1].decode(String.self),
                runs: Int(try cells[2].decode(Int64.self)),
                tokens: RunTokens(
                    input: try cells[3].decode(Int64.self),
                    cachedInput: try cells[4].decode(Int64.self),
                    output: try cells[5].decode(Int64.self),
                    reasoning: try cells[6].decode(Int64.self)
                )
            )
        }
    }

    /// The summed tokens of a Codex thread's runs. See ``CodexRunLedger/threadTokens(_:)``.
    public func threadTokens(_ threadID: String) async throws -> RunTokens {
        let rows = try await fetch(
            "sum a Codex thread's runs",
            """
            SELECT COALESCE(SUM(input_tokens), 0)::bigint, COALESCE(SUM(cached_input_tokens), 0)::bigint,
                COALESCE(SUM(output_tokens), 0)::bigint, COALESCE(SUM(reasoning_tokens), 0)::bigint
            FROM codex_runs WHERE codex_thread_id = \(threadID)
            """
        )
        guard let cells = rows.first?.makeRandomAccess() else { return .zero }
        return RunTokens(
            input: try cells[0].decode(Int64.self),
            cachedInput: try cells[1].decode(Int64.self),
            output: try cells[2].decode(Int64.self),
            reasoning: try cells[3].decode(Int64.self)
        )
    }

    /// The columns ``codexRun(_:)`` reads, in its order.
    static let codexRunColumns = """
        system, project_id, reference, codex_thread_id, model, input_tokens, cached_input_tokens,
            output_tokens, reasoning_tokens, duration_seconds, outcome, finished_at
        """

    /// A run from a row of ``codexRunColumns``.
    /// - Throws: ``StoreError`` `corrupt_record` for a system this version does not know.
    static func codexRun(_ row: PostgresRow) throws -> CodexRun {
        let cells = row.makeRandomAccess()
        return CodexRun(
            system: try system(cells[0].decode(String.self)),
            projectID: try cells[1].decode(Int?.self),
            reference: try cells[2].decode(String?.self),
            threadID: try cells[3].decode(String?.self),
            model: try cells[4].decode(String.self),
            tokens: RunTokens(
                input: try cells[5].decode(Int64.self),
                cachedInput: try cells[6].decode(Int64.self),
                output: try cells[7].decode(Int64.self),
                reasoning: try cells[8].decode(Int64.self)
            ),
            durationSeconds: try cells[9].decode(Double.self),
            outcome: try cells[10].decode(String.self),
            finishedAt: Date(timeIntervalSince1970: try cells[11].decode(Double.self))
        )
    }

    /// The system a row names.
    /// - Throws: ``StoreError`` `corrupt_record` for a system this version does not know.
    private static func system(_ text: String) throws -> CodexSystem {
        guard let system = CodexSystem(rawValue: text) else {
            throw StoreError.corruptRecord(table: "codex_runs", column: "system", value: text)
        }
        return system
    }
}
