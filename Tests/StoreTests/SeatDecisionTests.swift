import Testing

@testable import Store

/// The pure decisions behind seat leases.
@Suite("Seat decisions")
struct SeatDecisionTests {
    @Test(
        "the lowest seat no unexpired lease holds is taken",
        arguments: [
            (1, Set<Int>(), Optional(0)),
            (1, [0], nil),
            (3, [0, 2], 1),
            (3, [0, 1, 2], nil),
            (2, [5], 0),
            (2, [0, 1, 7], nil),
            (0, [], nil),
        ] as [(Int, Set<Int>, Int?)]
    )
    func freeSeat(seats: Int, held: Set<Int>, expected: Int?) {
        #expect(SeatChoice.free(seats: seats, held: held) == expected)
    }

    @Test(
        "a lease is renewed every third of it; waiters poll every tenth, between 50 ms and 1 s",
        arguments: [
            (Duration.seconds(60), Duration.seconds(20), Duration.seconds(1)),
            (.seconds(3), .seconds(1), .milliseconds(300)),
            (.milliseconds(300), .milliseconds(100), .milliseconds(50)),
        ]
    )
    func timing(lease: Duration, renew: Duration, poll: Duration) {
        let timing = SeatLeaseTiming(lease: lease)
        #expect(timing.renewInterval == renew)
        #expect(timing.pollInterval == poll)
    }
}
