/// Which seat an acquisition takes: a pure decision, tested as a table.
enum SeatChoice {
    /// The lowest seat of `0..<seats` that no unexpired lease holds, or `nil` when all are held.
    ///
    /// - Parameters:
    ///   - seats: How many seats the pool has now; seats beyond it (a replica configured with more) are ignored.
    ///   - held: The seats held by unexpired leases.
    static func free(seats: Int, held: Set<Int>) -> Int? {
        (0..<max(0, seats)).first { !held.contains($0) }
    }
}
