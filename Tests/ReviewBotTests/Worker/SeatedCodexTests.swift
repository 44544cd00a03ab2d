import Codex
import Foundation
import Store
import Testing
import WardenTestSupport

/// `SeatedCodex` over `LeasedSeats`: real codex turns from two store handles (two replicas) reach the scripted model
/// no more often at once than the seats allow.
@Suite("Codex turns on seat leases", .serialized)
struct SeatedCodexTests {
    @Test("four turns from two handles on one store: one at a time with one seat, two at once with two")
    func seatsBoundModelRequests() async throws {
        let harness = try await ReviewHarness.start(script: [])
        defer { Task { await harness.stop() } }
        // A slow first byte keeps each turn at the model long enough for turns to overlap when the seats let them.
        await harness.model.setScript([], defaultTurn: ModelTurn.message("done").with(firstByteMs: 400))
        let codex = try harness.codex
        let workDirectory = harness.home.workDirectory
        for seats in [1, 2] {
            let runners = try (0..<2).map { replica in
                SeatedCodex(
                    codex,
                    seats: LeasedSeats(
                        store: try SQLiteStore.open(dataDirectory: harness.data.path), seats: seats, lease: .seconds(3), holder: "replica-\(replica)"
                    )
                )
            }
            try await withThrowingTaskGroup(of: String?.self) { group in
                for index in 0..<4 {
                    let runner = runners[index % runners.count]
                    group.addTask { try await runner.run(ExecRequest(prompt: "turn \(index)", workingDirectory: workDirectory, timeout: .seconds(60))).finalMessage }
                }
                for try await answer in group { #expect(answer == "done") }
            }
            #expect(await harness.model.peakConcurrency == seats)
            #expect(await harness.model.concurrency.last?.inFlight == 0)
        }
    }
}
