import Foundation

/// What the ``ScriptedModelServer`` sends for one `POST /v1/responses`: the pure part of serving a ``ModelTurn``,
/// kept free of I/O so the event sequence for each turn kind is easy to read and test.
///
/// The decision comes in two steps because the status line goes out before the request body is read: whether
/// the answer is a plain response or a stream depends on the turn alone; a stream's events may depend on the
/// body (``Placeholders``).
enum ServedResponse: Sendable {
    /// An SSE stream (`200`, `text/event-stream`).
    case stream(StreamedTurn)
    /// A plain response with this status, headers and body.
    case plain(status: Int, headers: [String: String], body: String, firstByteMs: Int)

    /// How `turn` is served.
    /// - Parameters:
    ///   - turn: The scripted turn.
    ///   - responseNumber: 1 for the first `POST /v1/responses`, and so on; used in ids (`resp_2`, `msg_2_0`).
    ///   - options: The options of the turn, unless the turn carries its own.
    static func serving(
        _ turn: ModelTurn,
        responseNumber: Int,
        options: ModelTurn.Options = ModelTurn.Options()
    ) -> ServedResponse {
        func stream(_ content: StreamedTurn.Content) -> ServedResponse {
            .stream(StreamedTurn(content: content, responseNumber: responseNumber, options: options))
        }
        switch turn {
        case .message(let text, let reasoning, let deltas):
            return stream(.items((reasoning.map { [.reasoning($0)] } ?? []) + [.message(text, deltas: deltas)]))
        case .exec(let command, let callID, let login):
            return stream(.items([.exec(command, callID: callID, login: login)]))
        case .functionCall(let name, let arguments, let namespace, let callID):
            return stream(.items([.functionCall(name: name, arguments: arguments, namespace: namespace, callID: callID)]))
        case .applyPatch(let input, let callID):
            return stream(.items([.applyPatch(input, callID: callID)]))
        case .structured(let json):
            return stream(.items([.message(json)]))
        case .items(let items):
            return stream(.items(items))
        case .failed(let code, let message):
            return stream(.failed(code: code, message: message))
        case .broken:
            return stream(.broken)
        case .hang:
            return stream(.hang)
        case .raw(let events):
            return stream(.raw(events))
        case .httpError(let status, let headers, let body):
            var headers = headers
            if !headers.keys.contains(where: { $0.lowercased() == "content-type" }) {
                headers["content-type"] = "application/json"
            }
            return .plain(status: status, headers: headers, body: body, firstByteMs: options.firstByteMs)
        case .configured(let inner, let innerOptions):
            return serving(inner, responseNumber: responseNumber, options: innerOptions)
        }
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

    /// A turn answered with a server-sent event stream.
    struct StreamedTurn: Sendable {
        /// What the stream carries.
        enum Content: Sendable {
            /// Output items, then `response.completed`.
            case items([ModelTurn.Item])
            /// `response.failed` with this error.
            case failed(code: String, message: String)
            /// The start of a message, then a dropped connection.
            case broken
            /// `response.created`, then silence.
            case hang
            /// Exactly these events.
            case raw([ModelTurn.RawEvent])
        }

        /// How a stream ends after its last event.
        enum Ending: Sendable {
            /// The body ends normally.
            case finish
            /// The connection is dropped without ending the chunked body.
            case dropConnection
            /// Nothing more is sent until the client disconnects or the server stops.
            case hang
        }

        /// What the stream carries.
        let content: Content
        /// The response's number, for ids.
        let responseNumber: Int
        /// Pace and usage.
        let options: ModelTurn.Options

        /// Milliseconds between events.
        var delayMs: Int { options.delayMs }
        /// Milliseconds before the response headers.
        var firstByteMs: Int { options.firstByteMs }

        /// How the stream ends.
        var ending: Ending {
            switch content {
            case .items, .failed, .raw: .finish
            case .broken: .dropConnection
            case .hang: .hang
            }
        }

        /// The events, message texts filled from `placeholders`.
        func events(with placeholders: Placeholders) -> [ModelTurn.RawEvent] {
            let responseID = "resp_\(responseNumber)"
            let created = ModelTurn.RawEvent(["type": "response.created", "response": ["id": .string(responseID)]])
            switch content {
            case .items(let items):
                var events = [created]
                for (index, item) in items.enumerated() {
                    events += ServedResponse.itemEvents(item, responseNumber: responseNumber, outputIndex: index, placeholders: placeholders)
                }
                events.append(ServedResponse.completed(responseID: responseID, usage: options.usage))
                return events
            case .failed(let code, let message):
                let failed: ScriptedJSON = [
                    "type": "response.failed",
                    "response": ["id": .string(responseID), "error": ["code": .string(code), "message": .string(message)]],
                ]
                return [created, ModelTurn.RawEvent(failed)]
            case .broken:
                let itemID = "msg_\(responseNumber)_0"
                return [
                    created,
                    ModelTurn.RawEvent([
                        "type": "response.output_item.added", "output_index": 0, "item": ServedResponse.messageItem(id: itemID, text: nil),
                    ]),
                    ModelTurn.RawEvent(ServedResponse.textDelta(itemID: itemID, outputIndex: 0, delta: "This answer is cut ")),
                ]
            case .hang:
                return [created]
            case .raw(let events):
                return events
            }
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
