/// How often a seat holder renews its lease and a waiter asks for a seat, derived from the lease duration: a pure
/// decision, tested as a table.
struct SeatLeaseTiming: Equatable {
    /// How often a held lease is renewed: a third of the lease, so two renewals may fail before it expires.
    let renewInterval: Duration
    /// How often a waiter asks for a free seat: a tenth of the lease, between 50 ms and 1 s.
    let pollInterval: Duration
    /// How long a waiter sleeps at most before reading a seat hold again (an operator may have lifted it, or another
    /// replica extended it).
    let holdRecheckInterval: Duration = .seconds(30)

    init(lease: Duration) {
        renewInterval = lease / 3
        pollInterval = min(.seconds(1), max(.milliseconds(50), lease / 10))
    }
}
