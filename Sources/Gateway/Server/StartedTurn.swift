import Codex

/// A turn running for a client, on a thread of its own.
struct StartedTurn: Sendable {
    /// The worker's connection the turn runs on.
    var connection: AppServerConnection
    /// The thread's shape.
    var options: AppServerThreadOptions
    /// The turn.
    var turn: AppServerTurn
    /// Whether the thread was a spare started ahead.
    var spare: Bool
    /// Where the turn's events come from, whichever request drives it.
    var relay: TurnEventRelay
    /// When the turn started, for its duration.
    var started: ContinuousClock.Instant
}
