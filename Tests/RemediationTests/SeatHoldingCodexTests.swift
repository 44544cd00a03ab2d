import Codex
import Foundation
import Remediation
import Store
import Testing
import WardenTestSupport

/// A remediation run that hits a usage limit holds the seat for every process on the store.
@Suite("SeatHoldingCodex")
struct SeatHoldingCodexTests {
    /// A runner that fails every turn with one error.
    struct Failing: CodexExecuting {
        let error: CodexError
        func run(_ request: ExecRequest, onEvent: @escaping @Sendable (ExecEvent) async -> Void) async throws(CodexError) -> ExecResult {
            throw error
        }
    }

    static func run(_ error: CodexError, holds: SeatHolds) async -> CodexError? {
        let request = ExecRequest(prompt: "fix it", workingDirectory: "/", timeout: .seconds(1))
        do {
            _ = try await SeatHoldingCodex(Failing(error: error), holds: holds).run(request) { _ in }
            return nil
        } catch {
            return error
        }
    }

    @Test("a usage limit holds the seat until its reset and still fails the turn; another failure holds nothing")
    func holdsOnUsageLimit() async throws {
        let directory = try TestDataDirectory()
        defer { directory.remove() }
        let holds = SeatHolds(store: try SQLiteStore.open(dataDirectory: directory.path))

        let other = await Self.run(.other(message: "boom"), holds: holds)
        #expect(other?.code == .other)
        #expect(try await holds.active() == nil)

        let resetsAt = Date(timeIntervalSinceNow: 3600)
        let limit = await Self.run(.usageLimit(UsageLimit(kind: .plan, resetsAt: resetsAt), message: "You’ve hit your usage limit."), holds: holds)
        #expect(limit?.code == .usageLimit)
        let hold = try #require(try await holds.active())
        // The store keeps seconds since 1970 as a double: equal to the microsecond, not to the last bit of a `Date`.
        #expect(abs(hold.until.timeIntervalSince(resetsAt.addingTimeInterval(SeatHoldPolicy.margin))) < 0.001)
        #expect(hold.reason == "the Codex plan's usage limit is reached")
    }
}
