/// Finds which items of a set a forge refuses when it refuses the whole set without saying which (GitHub answers a
/// review with a bad anchor by 422 for the whole review): halves are tried until each refused item stands alone.
///
/// Items are judged independently (an anchor is valid or not whatever else is sent), so a half that passes holds no
/// refused item, and when one half of a refused set passes, the other half is refused without asking. With `k`
/// refused items among `n`, that is about `2k·log2(n)` trials.
enum AnchorBisection {
    /// The positions (in `items`) of the refused items, ascending.
    ///
    /// - Parameters:
    ///   - count: how many items there are; the whole set is known to be refused.
    ///   - accepts: tries a subset (positions, ascending); `true` when the forge takes it.
    /// - Throws: what `accepts` throws.
    static func refused(count: Int, accepts: ([Int]) async throws -> Bool) async throws -> [Int] {
        guard count > 0 else { return [] }
        return try await search(Array(0..<count), knownRefused: true, accepts: accepts)
    }

    private static func search(_ items: [Int], knownRefused: Bool, accepts: ([Int]) async throws -> Bool) async throws -> [Int] {
        if !knownRefused, try await accepts(items) { return [] }
        guard items.count > 1 else { return items }
        let middle = items.count / 2
        let left = try await search(Array(items[..<middle]), knownRefused: false, accepts: accepts)
        let right = try await search(Array(items[middle...]), knownRefused: left.isEmpty, accepts: accepts)
        return left + right
    }
}
