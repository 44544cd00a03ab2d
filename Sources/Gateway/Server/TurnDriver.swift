import Codex
import WardenCore
import Logging

/// How a turn driven for a client ended.
enum TurnOutcome: Sendable, Equatable {
    /// The model finished; the answer ends with `finishReason` and `usage`.
    case completed(finishReason: String, usage: ChatUsage)
    /// The model called client functions; the turn waits for their results, and the answer ends with `tool_calls`.
    case toolCalls(ToolCallBatch, usage: ChatUsage)
    /// codex or the worker failed, or the deadline passed.
    case failed(GatewayError)
    /// The client went away; the turn was interrupted.
    case cancelled

    /// The `outcome` label of `warden_gateway_requests_total`: `ok`, the error's label, or `client_closed`.
    var metricLabel: String {
        switch self {
        case .completed, .toolCalls: "ok"
        case .failed(let error): error.metricLabel
        case .cancelled: "client_closed"
        }
    }

    /// The outcome the run ledger records: `completed` for a turn that answered or called a function, else the
    /// metric label.
    var ledgerLabel: String {
        switch self {
        case .completed, .toolCalls: CodexRun.completed
        case .failed, .cancelled: metricLabel
        }
    }
}

/// Feeds one turn's text to a sink as it streams, with keep-alives during silences and a wall-clock
/// deadline, and interrupts the turn (`turn/interrupt`) at once when the client goes away
/// (cancellation) or the deadline passes. It stops, leaving the turn running, when the model calls a client
/// function: the turn waits for the result, which a later request brings (and drives the turn on with a new driver).
struct TurnDriver {
    private enum Signal: Sendable {
        case relayed(TurnEventRelay.Signal)
        case tick
        case deadline
    }

    let connection: AppServerConnection
    let turn: AppServerTurn
    /// Where the turn's events come from.
    let relay: TurnEventRelay
    /// The usage known when this driver starts (the thread's totals so far, for a turn driven on after a tool call).
    var usage: ChatUsage = .zero
    let deadline: ContinuousClock.Instant
    let requestTimeout: Duration
    let keepAliveInterval: Duration?
    /// How often a silent stream is probed with an empty comment: once the client has gone, the
    /// second write after its close fails, which is how a disconnect shows while codex is silent.
    let probeInterval: Duration?
    /// The names of the client's functions on this turn's thread.
    var clientTools: Set<String> = []
    /// Results the client already sent for calls codex has not asked for yet (the rest of a batch), by call id: codex
    /// gets them as it asks, without a round trip to the client.
    var knownResults: [String: String] = [:]
    let logger: Logger

    /// Runs until the turn ends, the deadline passes or the calling task is cancelled.
    ///
    /// - Parameters:
    ///   - onText: called with each piece of the answer; a throw (the client is gone) cancels.
    ///   - onSilence: called with ``ChatStreamEncoder/keepAlive`` after a silence of
    ///     `keepAliveInterval`, with ``ChatStreamEncoder/probe`` after one of `probeInterval`; a
    ///     throw (the client is gone) cancels.
    /// - Returns: how the turn ended.
    func run(onText: (String) async throws -> Void, onSilence: (String) async throws -> Void) async -> TurnOutcome {
        let (signals, sink) = AsyncStream<Signal>.makeStream()
        let deadline = self.deadline
        let tickInterval = [probeInterval, keepAliveInterval].compactMap(\.self).min()
        let (relayed, relaySink) = AsyncStream<TurnEventRelay.Signal>.makeStream()
        relay.attach(relaySink)
        defer { relay.detach() }
        let outcome: TurnOutcome? = await withTaskGroup(of: Void.self) { group in
            group.addTask {
                for await signal in relayed { sink.yield(.relayed(signal)) }
            }
            if let tickInterval {
                group.addTask {
                    while !Task.isCancelled {
                        try? await Task.sleep(for: tickInterval)
                        sink.yield(.tick)
                    }
                }
            }
            group.addTask {
                try? await Task.sleep(until: deadline)
                if !Task.isCancelled { sink.yield(.deadline) }
            }
            let outcome = await consume(signals, onText: onText, onSilence: onSilence)
            // Detached first, so what the turn sends from now on (after a function call: nothing until the call is
            // answered) is held for the next driver rather than dropped.
            relay.detach()
            relaySink.finish()
            group.cancelAll()
            return outcome
        }
        guard let outcome, !Task.isCancelled else {
            await interrupt()
            return .cancelled
        }
        if case .failed(let error) = outcome, error.code == .timedOut { await interrupt() }
        return outcome
    }

    /// Reads signals until one ends the turn; `nil` when the client went away.
    private func consume(
        _ signals: AsyncStream<Signal>,
        onText: (String) async throws -> Void,
        onSilence: (String) async throws -> Void
    ) async -> TurnOutcome? {
        var usage = self.usage
        var lastWrite = ContinuousClock.now
        var currentItem: String?
        var wroteText = false
        var responseCalls = ResponseFunctionCalls(clientTools: clientTools)
        // Whether a model response with client calls is being read (a call of it noted here, its
        // `rawResponse/completed` not yet), and the call codex asked for meanwhile. A call noted by an earlier driver
        // (its response long complete) is handed over at once.
        var responseInProgress = false
        var asked: AppServerToolCall?
        let known = Set(knownResults.keys)
        for await signal in signals {
            logger.trace("gateway turn signal", metadata: ["signal": "\(signal)"])
            switch signal {
            case .relayed(.event(.agentMessageDelta(let itemID, let delta))):
                // Messages of one turn (before and after a tool call) are separated like paragraphs.
                let separator = wroteText && currentItem != nil && currentItem != itemID ? "\n\n" : ""
                currentItem = itemID
                do {
                    try await onText(separator + delta)
                } catch {
                    return nil
                }
                wroteText = true
                lastWrite = .now
            case .relayed(.event(.tokenUsage(let reported))):
                usage = ChatUsage(reported)
            case .relayed(.event(.other(ResponseFunctionCalls.rawItemMethod, let params))):
                if responseCalls.note(rawItem: params?["item"]) { responseInProgress = true }
            case .relayed(.event(.other(ResponseFunctionCalls.responseCompletedMethod, _))):
                responseInProgress = false
                if let asked {
                    return .toolCalls(ToolCallBatch(pending: asked, calls: responseCalls.batch(startingWith: asked, known: known)), usage: usage)
                }
            case .relayed(.event(.toolCall(let call))):
                if let output = knownResults[call.callID] {
                    await connection.answerToolCall(call, output: output)
                    continue
                }
                // codex asks for a response's calls one at a time, each once the previous has its result, and may ask
                // for the first while the response still streams: the client gets this call and the rest of the
                // response together, once the response is complete, and answers them all in its next request.
                guard responseInProgress, responseCalls.contains(call.callID) else {
                    return .toolCalls(ToolCallBatch(pending: call, calls: responseCalls.batch(startingWith: call, known: known)), usage: usage)
                }
                asked = call
            case .relayed(.event(.completed(let completion))):
                switch completion.status {
                case .completed:
                    return .completed(finishReason: "stop", usage: usage)
                case .failed:
                    logger.warning("codex failed a gateway turn", metadata: ["reason": "\(completion.error?.kind ?? "unknown")"])
                    return .failed(.turnFailed(completion.error))
                case .interrupted, .inProgress, .unknown:
                    return .failed(.upstreamFailed("the turn ended without an answer"))
                }
            case .relayed(.event):
                continue
            case .relayed(.ended):
                return .failed(.workerFailed)
            case .relayed(.failed(let error)):
                logger.warning("a gateway turn lost its worker", metadata: ["error": "\(error)"])
                return .failed(.classify(error))
            case .tick:
                let silence = lastWrite.duration(to: .now)
                let frame: String
                if let keepAliveInterval, silence >= keepAliveInterval {
                    frame = ChatStreamEncoder.keepAlive
                } else if let probeInterval, silence >= probeInterval {
                    frame = ChatStreamEncoder.probe
                } else {
                    continue
                }
                do {
                    try await onSilence(frame)
                } catch {
                    return nil
                }
                lastWrite = .now
            case .deadline:
                return .failed(.timedOut(after: requestTimeout))
            }
        }
        return nil
    }

    /// Sends `turn/interrupt` from a task of its own, so it goes out even though the caller is cancelled.
    private func interrupt() async {
        let connection = self.connection
        let turn = self.turn
        let logger = self.logger
        await Task {
            do {
                try await connection.interruptTurn(turn.id, thread: turn.threadID)
                logger.info("interrupted a gateway turn", metadata: ["turn": "\(turn.id)"])
            } catch {
                logger.debug("turn/interrupt failed", metadata: ["error": "\(error)"])
            }
        }.value
    }
}
