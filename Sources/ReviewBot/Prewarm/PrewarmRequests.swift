/// The hand-off from the webhook receiver to ``RepositoryPrewarmer``: accepted review heads, never blocking the
/// receiver.
///
/// The receiver answers the forge within milliseconds, so it only drops the head in this buffer; when the buffer is full
/// (a burst of pushes) the oldest heads are dropped — the worker fetches what the pre-warm did not.
public struct PrewarmRequests: Sendable {
    /// The heads, in arrival order; iterated once, by the pre-warmer.
    let stream: AsyncStream<PrewarmHead>
    private let continuation: AsyncStream<PrewarmHead>.Continuation

    /// Creates the hand-off.
    /// - Parameter capacity: heads kept while the pre-warmer is busy; older ones are dropped beyond it.
    public init(capacity: Int = 256) {
        (stream, continuation) = AsyncStream.makeStream(of: PrewarmHead.self, bufferingPolicy: .bufferingNewest(capacity))
    }

    /// Asks for `head` to be fetched into the repository cache; returns at once.
    public func submit(_ head: PrewarmHead) {
        continuation.yield(head)
    }
}
