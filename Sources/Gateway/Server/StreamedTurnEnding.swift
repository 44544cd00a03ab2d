import Synchronization

/// Ends a streamed turn exactly once, whoever gets there first.
///
/// A streamed answer's turn is started before its response is returned, and the response body (which drives the turn
/// and ends it) runs only when Hummingbird writes the response. A client that half-closes right after its request
/// (`shutdown(SHUT_WR)`) cancels the request's scope, and the response is dropped unwritten: its body never runs. Then
/// this object, owned by the body, is released with it, and its `deinit` ends the turn as abandoned (interrupts it and
/// gives the admission slot back), so no slot, thread or turn is ever leaked.
final class StreamedTurnEnding: Sendable {
    private let ended = Atomic<Bool>(false)
    private let abandon: @Sendable () async -> Void

    /// - Parameter abandon: what ends a turn whose response was never written.
    init(abandon: @escaping @Sendable () async -> Void) {
        self.abandon = abandon
    }

    /// Claims the ending: `true` the first time, so the caller ends the turn; `false` afterwards.
    func claim() -> Bool {
        ended.compareExchange(expected: false, desired: true, ordering: .acquiringAndReleasing).exchanged
    }

    deinit {
        guard claim() else { return }
        // deinit cannot await; the interruption and release run in a task of their own.
        Task { [abandon] in await abandon() }
    }
}
