/// A running turn: its ids and the stream of its events.
public struct AppServerTurn: Sendable {
    /// The thread the turn runs on.
    public let threadID: ThreadID
    /// codex's id for the turn, needed to interrupt it.
    public let id: String
    /// The turn's events, ending after ``AppServerTurnEvent/completed(_:)``.
    ///
    /// Throws ``AppServerError`` (retryable) at once if the worker dies mid-turn.
    public let events: AsyncThrowingStream<AppServerTurnEvent, any Error>
}
