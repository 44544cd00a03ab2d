import ReviewBot
import Store
import Testing

@Suite("Lease renewal failure")
struct LeaseRenewalFailureTests {
    private struct Unreachable: Error {}

    @Test(
        "a store that did not answer is tried again while the lease holds; a lease taken or a job gone stops the run",
        arguments: [
            (StoreError.database(operation: "renew a lease", reason: "PostgreSQL did not answer within 8 s") as any Error, Duration.seconds(300), LeaseRenewalFailure.retry(after: .seconds(1))),
            (StoreError.busy(operation: "renew a lease"), .seconds(2), .retry(after: .seconds(1))),
            (Unreachable(), .seconds(30), .retry(after: .seconds(1))),
            (StoreError.database(operation: "renew a lease", reason: "down"), .milliseconds(999), .giveUp),
            (StoreError.database(operation: "renew a lease", reason: "down"), .seconds(-5), .giveUp),
            (StoreError.leaseLost(id: "review-1-1-a", owner: "w1", state: .running, holder: "w2"), .seconds(300), .giveUp),
            (StoreError.notFound(id: "review-1-1-a"), .seconds(300), .giveUp),
            (CancellationError(), .seconds(300), .giveUp),
        ] as [(any Error, Duration, LeaseRenewalFailure)]
    )
    func decide(error: any Error, heldFor: Duration, expected: LeaseRenewalFailure) {
        #expect(LeaseRenewalFailure.decide(error: error, heldFor: heldFor, retryInterval: .seconds(1)) == expected)
    }
}
