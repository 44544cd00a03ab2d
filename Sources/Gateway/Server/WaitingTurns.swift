import Codex

/// Turns waiting for the result of a client function call, by the call's id, each for a bounded time.
///
/// A turn whose model called a client function keeps its thread and its admission slot while it waits: the client's
/// next request, carrying the result as a `tool` message, takes it with ``take(answering:)`` and drives it on, so the
/// model continues in the same turn with its context (and its provider's prompt cache) warm. A client that never
/// sends the result must not keep either: after `gateway.tool_result_timeout` the turn is handed to the expiry action,
/// which interrupts it and gives both back.
actor WaitingTurns {
    /// A turn waiting on one call.
    struct Waiting: Sendable {
        /// The turn.
        var turn: StartedTurn
        /// The call it waits on.
        var call: AppServerToolCall
        /// The thread's usage so far.
        var usage: ChatUsage
    }

    private var waiting: [String: (waiting: Waiting, token: Int, expiry: Task<Void, Never>)] = [:]
    private var nextToken = 0

    /// How many turns wait now.
    var count: Int { waiting.count }

    /// Keeps `turn` until a request answers its call or `timeout` passes; then `expire` gets it.
    ///
    /// Call ids come from the model: should another turn already wait on the same id, that one can no longer be
    /// told apart, so it is expired at once rather than left holding its slot.
    func park(_ turn: Waiting, timeout: Duration, expire: @escaping @Sendable (Waiting) async -> Void) {
        let callID = turn.call.callID
        let token = nextToken
        nextToken += 1
        if let displaced = waiting.removeValue(forKey: callID) {
            displaced.expiry.cancel()
            Task { await expire(displaced.waiting) }
        }
        let expiry = Task {
            try? await Task.sleep(for: timeout)
            guard !Task.isCancelled, let expired = self.remove(callID, token: token) else { return }
            await expire(expired)
        }
        waiting[callID] = (turn, token, expiry)
    }

    /// Takes the turn waiting on one of `callIDs`, stopping its clock; `nil` when none waits on any of them (it
    /// expired, the gateway restarted, or the calls were answered before).
    func take(answering callIDs: [String]) -> Waiting? {
        for callID in callIDs {
            if let entry = waiting.removeValue(forKey: callID) {
                entry.expiry.cancel()
                return entry.waiting
            }
        }
        return nil
    }

    private func remove(_ callID: String, token: Int) -> Waiting? {
        guard waiting[callID]?.token == token else { return nil }
        return waiting.removeValue(forKey: callID)?.waiting
    }
}
