import Foundation

/// What the ``ScriptedModelServer`` sends for one request: the pure part of serving a ``ModelTurn``,
/// kept free of I/O so the event sequence for each turn kind is easy to read and test.
enum ServedResponse: Sendable, Equatable {
    /// An SSE stream (`200`, `text/event-stream`) of `events`, then `ending`.
    case stream(events: [ModelTurn.RawEvent], ending: StreamEnding, delayMs: Int, firstByteMs: Int)
    /// A plain response with this status, headers and body.
    case plain(status: Int, headers: [String: String], body: String, firstByteMs: Int)

    /// How a stream ends after its last event.
    enum StreamEnding: Sendable, Equatable {
        /// The body ends normally.
        case finish
        /// The connection is dropped without ending the chunked body.
        case dropConnection
        /// Nothing more is sent until the client disconnects or the server stops.
        case hang
    }

    /// What fills a message's `{{…}}` placeholders.
    struct Placeholders: Sendable {
        /// `{{last_tool_output}}`: the latest tool output in the request's `input`, or empty.
        var lastToolOutput: String
        /// `{{request_count}}`: the request's sequence number.
        var requestCount: Int

        func fill(_ text: String) -> String {
            text.replacingOccurrences(of: "{{last_tool_output}}", with: lastToolOutput)
                .replacingOccurrences(of: "{{request_count}}", with: String(requestCount))
        }
    }

    /// The response for `turn`.
    /// - Parameters:
    ///   - turn: The scripted turn.
    ///   - responseNumber: 1 for the first `POST /v1/responses`, and so on; used in ids (`resp_2`, `msg_2_0`).
    ///   - placeholders: Values for the message text placeholders.
    ///   - options: The options of the turn, unless the turn carries its own.
    static func serving(
        _ turn: ModelTurn,
        responseNumber: Int,
        placeholders: Placeholders,
        options: ModelTurn.Options = ModelTurn.Options()
    ) -> ServedResponse {
        let responseID = "resp_\(responseNumber)"
        let created = ModelTurn.RawEvent(["type": "response.created", "response": ["id": .string(responseID)]])

        func stream(_ events: [ModelTurn.RawEvent], _ ending: StreamEnding = .finish) -> ServedResponse {
            .stream(events: events, ending: ending, delayMs: options.delayMs, firstByteMs: options.firstByteMs)
        }
        func itemsStream(_ items: [ModelTurn.Item]) -> ServedResponse {
            var events = [created]
            for (index, item) in items.enumerated() {
                events += itemEvents(item, responseNumber: responseNumber, outputIndex: index, placeholders: placeholders)
            }
            events.append(completed(responseID: responseID, usage: options.usage))
            return stream(events)
        }

        switch turn {
        case .message(let text, let reasoning, let deltas):
            return itemsStream((reasoning.map { [.reasoning($0)] } ?? []) + [.message(text, deltas: deltas)])
        case .exec(let command, let callID, let login):
            return itemsStream([.exec(command, callID: callID, login: login)])
        case .functionCall(let name, let arguments, let namespace, let callID):
            return itemsStream([.functionCall(name: name, arguments: arguments, namespace: namespace, callID: callID)])
        case .applyPatch(let input, let callID):
            return itemsStream([.applyPatch(input, callID: callID)])
        case .structured(let json):
            return itemsStream([.message(json)])
        case .items(let items):
            return itemsStream(items)
        case .httpError(let status, let headers, let body):
            var headers = headers
            if !headers.keys.contains(where: { $0.lowercased() == "content-type" }) {
                headers["content-type"] = "application/json"
            }
            return .plain(status: status, headers: headers, body: body, firstByteMs: options.firstByteMs)
        case .failed(let code, let message):
            let failed: ScriptedJSON = [
                "type": "response.failed",
                "response": ["id": .string(responseID), "error": ["code": .string(code), "message": .string(message)]],
            ]
            return stream([created, ModelTurn.RawEvent(failed)])
        case .broken:
            let itemID = "msg_\(responseNumber)_0"
            return stream(
                [
                    created,
                    ModelTurn.RawEvent(["type": "response.output_item.added", "output_index": 0, "item": messageItem(id: itemID, text: nil)]),
                    ModelTurn.RawEvent(textDelta(itemID: itemID, outputIndex: 0, delta: "This answer is cut ")),
                ],
                .dropConnection
            )
        case .hang:
            return stream([created], .hang)
        case .raw(let events):
            return stream(events)
        case .configured(let inner, let innerOptions):
            return serving(inner, responseNumber: responseNumber, placeholders: placeholders, options: innerOptions)
        }
    }

    private static func itemEvents(
        _ item: ModelTurn.Item,
        responseNumber: Int,
        outputIndex: Int,
        placeholders: Placeholders
    ) -> [ModelTurn.RawEvent] {
        let suffix = "\(responseNumber)_\(outputIndex)"
        let index = ScriptedJSON.number(Double(outputIndex))
        func added(_ item: ScriptedJSON) -> ModelTurn.RawEvent {
            ModelTurn.RawEvent(["type": "response.output_item.added", "output_index": index, "item": item])
        }
        func done(_ item: ScriptedJSON) -> ModelTurn.RawEvent {
            ModelTurn.RawEvent(["type": "response.output_item.done", "output_index": index, "item": item])
        }
        func functionCall(name: String, arguments: String, namespace: String?, callID: String?) -> ModelTurn.RawEvent {
            var call: [String: ScriptedJSON] = [
                "type": "function_call",
                "id": .string("fc_\(suffix)"),
                "call_id": .string(callID ?? "call_\(suffix)"),
                "name": .string(name),
                "arguments": .string(arguments),
            ]
            if let namespace { call["namespace"] = .string(namespace) }
            return done(.object(call))
        }

        switch item {
        case .message(let text, let deltas):
            let itemID = "msg_\(suffix)"
            let text = placeholders.fill(text)
            return [added(messageItem(id: itemID, text: nil))]
                + split(text, into: deltas).map { ModelTurn.RawEvent(textDelta(itemID: itemID, outputIndex: outputIndex, delta: $0)) }
                + [done(messageItem(id: itemID, text: text))]
        case .reasoning(let summary):
            let itemID = "rs_\(suffix)"
            return [
                added(["type": "reasoning", "id": .string(itemID), "summary": []]),
                ModelTurn.RawEvent([
                    "type": "response.reasoning_summary_text.delta",
                    "item_id": .string(itemID),
                    "output_index": index,
                    "summary_index": 0,
                    "delta": .string(summary),
                ]),
                done(["type": "reasoning", "id": .string(itemID), "summary": [["type": "summary_text", "text": .string(summary)]]]),
            ]
        case .exec(let command, let callID, let login):
            var arguments: [String: ScriptedJSON] = ["cmd": .string(command)]
            if let login { arguments["login"] = .bool(login) }
            return [functionCall(name: "exec_command", arguments: ScriptedJSON.object(arguments).serialized, namespace: nil, callID: callID)]
        case .functionCall(let name, let arguments, let namespace, let callID):
            return [functionCall(name: name, arguments: arguments, namespace: namespace, callID: callID)]
        case .applyPatch(let input, let callID):
            return [
                done([
                    "type": "custom_tool_call",
                    "id": .string("ctc_\(suffix)"),
                    "call_id": .string(callID ?? "call_\(suffix)"),
                    "name": "apply_patch",
                    "input": .string(input),
                ])
            ]
        case .webSearch(let query):
            let call: ScriptedJSON = [
                "type": "web_search_call",
                "id": .string("ws_\(suffix)"),
                "status": "completed",
                "action": ["type": "search", "query": .string(query)],
            ]
            return [added(call), done(call)]
        case .raw(let item):
            return [done(item)]
        }
    }

    /// An assistant message item; `text` nil gives the empty content of `output_item.added`.
    private static func messageItem(id: String, text: String?) -> ScriptedJSON {
        [
            "type": "message",
            "role": "assistant",
            "id": .string(id),
            "content": .array(text.map { [["type": "output_text", "text": .string($0)]] } ?? []),
        ]
    }

    private static func textDelta(itemID: String, outputIndex: Int, delta: String) -> ScriptedJSON {
        [
            "type": "response.output_text.delta",
            "item_id": .string(itemID),
            "output_index": .number(Double(outputIndex)),
            "content_index": 0,
            "delta": .string(delta),
        ]
    }

    private static func completed(responseID: String, usage: ModelTurn.Usage) -> ModelTurn.RawEvent {
        ModelTurn.RawEvent([
            "type": "response.completed",
            "response": [
                "id": .string(responseID),
                "usage": [
                    "input_tokens": .number(Double(usage.inputTokens)),
                    "input_tokens_details": ["cached_tokens": .number(Double(usage.cachedInputTokens))],
                    "output_tokens": .number(Double(usage.outputTokens)),
                    "output_tokens_details": ["reasoning_tokens": .number(Double(usage.reasoningOutputTokens))],
                    "total_tokens": .number(Double(usage.totalTokens)),
                ],
            ],
        ])
    }

    /// `text` cut into `count` consecutive pieces of nearly equal length (fewer when it is shorter).
    static func split(_ text: String, into count: Int) -> [String] {
        let characters = Array(text)
        let pieces = max(1, min(count, characters.count))
        var result: [String] = []
        var start = 0
        for piece in 0..<pieces {
            let end = characters.count * (piece + 1) / pieces
            result.append(String(characters[start..<end]))
            start = end
        }
        return result
    }
}

extension ModelTurn.RawEvent {
    /// The event in SSE wire form: `event:` line, one `data:` line per payload line, blank line.
    var encoded: String {
        var text = name.map { "event: \($0)\n" } ?? ""
        for line in data.split(separator: "\n", omittingEmptySubsequences: false) {
            text += "data: \(line)\n"
        }
        return text + "\n"
    }
}
