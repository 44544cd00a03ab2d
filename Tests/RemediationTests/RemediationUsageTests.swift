import Forge
import Foundation
import Remediation
import Store
import Testing
import WardenCore
import WardenTestSupport

/// Remediation runs in the run ledger, and the remediation budget.
@Suite("Remediation usage and budget", .serialized)
struct RemediationUsageTests {
    static let patchUsage = ModelTurn.Usage(inputTokens: 900, cachedInputTokens: 300, outputTokens: 40, reasoningOutputTokens: 8)
    static let answerUsage = ModelTurn.Usage(inputTokens: 1_100, cachedInputTokens: 800, outputTokens: 25, reasoningOutputTokens: 2)

    @Test("a remediation run is recorded with the model server's usage, the project and the finding", .timeLimit(.minutes(3)))
    func recorded() async throws {
        let harness = try await RemediationHarness.start(
            script: [
                RemediationHarness.addFile("escape.txt", ["query uses bound parameters now"]).with(usage: Self.patchUsage),
                ModelTurn.message("Switched the query to bound parameters.").with(usage: Self.answerUsage),
            ]
        )
        defer { Task { await harness.stop() } }
        let runner = try await harness.runner()
        let report = try await runner.run([Finding(id: "SEC-1", title: "SQL injection", details: "Bind it.")], project: .id(1), template: .builtIn)
        #expect(report.rows.count == 1)

        let runs = try await harness.store.runs(since: .distantPast)
        try #require(runs.count == 1, "\(runs)")
        #expect(runs[0].system == .remediation)
        #expect(runs[0].projectID == RemediationHarness.projectID)
        #expect(runs[0].reference == "SEC-1")
        #expect(runs[0].outcome == CodexRun.completed)
        // One turn, two model responses: codex adds their usage up.
        #expect(
            runs[0].tokens
                == RunTokens(
                    input: Int64(Self.patchUsage.inputTokens + Self.answerUsage.inputTokens),
                    cachedInput: Int64(Self.patchUsage.cachedInputTokens + Self.answerUsage.cachedInputTokens),
                    output: Int64(Self.patchUsage.outputTokens + Self.answerUsage.outputTokens),
                    reasoning: Int64(Self.patchUsage.reasoningOutputTokens + Self.answerUsage.reasoningOutputTokens)
                )
        )
    }

    @Test("with the month's remediation budget spent, no finding starts and the report says why", .timeLimit(.minutes(2)))
    func budgetSpent() async throws {
        let harness = try await RemediationHarness.start(script: [.message("never asked")])
        defer { Task { await harness.stop() } }
        // $10 of remediation this month at $1 per million output tokens, against a $10 budget.
        try await harness.store.record(
            CodexRun(
                system: .remediation, projectID: 1, reference: "SEC-0", model: "gpt-5.5", tokens: RunTokens(output: 10_000_000),
                durationSeconds: 30, outcome: CodexRun.completed, finishedAt: Date()
            )
        )
        let costs = CostSettings(
            prices: PriceTable([ModelPrice(model: "gpt-5.5", input: 0, cachedInput: 0, output: 1)]), monthlyBudgets: [.remediation: 10]
        )
        let runner = try await harness.runner(budget: CostBudget(usage: harness.store, costs: costs))
        let report = try await runner.run(
            [Finding(id: "SEC-1", title: "One", details: "1"), Finding(id: "SEC-2", title: "Two", details: "2")], project: .id(1), template: .builtIn
        )
        #expect(report.rows.isEmpty)
        let reason = try #require(report.stoppedReason)
        #expect(reason.contains("SEC-1") && reason.contains("remediation budget of $10.00"), "\(reason)")
        #expect(await harness.model.requests.isEmpty)
    }
}
