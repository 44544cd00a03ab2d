import Foundation
import Store
import Subprocess
import SystemPackage
import Testing
import WardenTestSupport

/// A job claimed by a worker process that dies is reclaimed once its lease expires, and completes once.
@Suite("Lease reclaim after a killed process")
struct LeaseReclaimTests {
    @Test("a job claimed by a killed process is reclaimed after its lease and completes once")
    func reclaimAfterKill() async throws {
        let directory = try TestDataDirectory()
        defer { directory.remove() }
        let store = try SQLiteStore.open(dataDirectory: directory.path)
        let job = NewJob.review(projectID: 7, mergeRequestIID: 3, headSHA: String(repeating: "a", count: 40))
        #expect(try await store.enqueue(job, idempotencyKey: nil) == .enqueued)

        let claimer = try BuiltProducts.path("WardenTestClaimer")
        let result = try await Subprocess.run(
            .path(FilePath(claimer)),
            arguments: [directory.path, "4"],
            input: .none,
            output: .sequence,
            error: .discarded
        ) { execution in
            var claimedID = ""
            for try await line in execution.standardOutput.strings() {
                claimedID = line.trimmingCharacters(in: .whitespacesAndNewlines)
                break
            }
            // The claimer now holds the lease: nobody else may take the job.
            let competitor = try await store.claimNext(owner: "competitor", leaseFor: .seconds(60))
            try execution.send(signal: .kill)
            return (claimedID, competitor)
        }
        #expect(result.closureResult.0 == job.id)
        #expect(result.closureResult.1 == nil)
        guard case .signaled(let signal) = result.terminationStatus else {
            Issue.record("the claimer was not killed: \(result.terminationStatus)")
            return
        }
        #expect(signal == SIGKILL)

        // Wait out the four-second lease (not a timing assertion: the lease must simply have expired). The lease is
        // long enough that the competitor's attempt above happens inside it even on a loaded machine.
        try await Task.sleep(for: .milliseconds(4500))
        let reclaimed = try #require(try await store.claimNext(owner: "survivor", leaseFor: .seconds(60)))
        #expect(reclaimed.id == job.id)
        #expect(reclaimed.attempts == 2)
        try await store.complete(id: job.id, owner: "survivor")
        #expect(try await store.claimNext(owner: "another", leaseFor: .seconds(60)) == nil)
        let final = try await store.list(states: nil, limit: nil)
        #expect(final.map(\.state) == [.done])
    }
}
