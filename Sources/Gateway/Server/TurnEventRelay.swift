import Codex
import Synchronization

/// Reads one turn's events for as long as the turn lives and hands them to whichever request drives it at the time.
///
/// A turn that called a client function outlives the request that started it: it waits for the client's next request,
/// which then drives it on. A turn's event stream has one reader, and cancelling the task that iterates it ends the
/// stream, so no request reads it directly: this relay's own task does, and forwards each event to the sink attached
/// by the current driver, keeping the events that arrive while none is attached (between two requests) for the next.
final class TurnEventRelay: Sendable {
    /// What the relay forwards.
    enum Signal: Sendable {
        /// An event of the turn.
        case event(AppServerTurnEvent)
        /// The stream ended (after `turn/completed`, or without it when the worker went away cleanly).
        case ended
        /// The stream failed (the worker died).
        case failed(any Error)
    }

    private struct State {
        var sink: AsyncStream<Signal>.Continuation?
        var held: [Signal] = []
    }

    private let state = Mutex(State())

    /// Starts relaying `turn`'s events.
    init(_ turn: AppServerTurn) {
        // The relay task ends with the turn's stream, which always ends: after `turn/completed`, or when the
        // connection closes; it holds the relay only until then.
        Task { [self] in
            do {
                for try await event in turn.events { forward(.event(event)) }
                forward(.ended)
            } catch {
                forward(.failed(error))
            }
        }
    }

    /// Sends every held signal, then all later ones, to `sink` until ``detach()``.
    func attach(_ sink: AsyncStream<Signal>.Continuation) {
        state.withLock { state in
            for signal in state.held { sink.yield(signal) }
            state.held.removeAll()
            state.sink = sink
        }
    }

    /// Holds later signals until the next ``attach(_:)``.
    func detach() {
        state.withLock { $0.sink = nil }
    }

    private func forward(_ signal: Signal) {
        state.withLock { state in
            if let sink = state.sink {
                sink.yield(signal)
            } else {
                state.held.append(signal)
            }
        }
    }
}
