public import Codex

/// What one chat completion request asks codex to do: a fresh thread with these instructions (and the client's
/// functions as dynamic tools), the earlier conversation injected as its history, then one turn with the latest user
/// message — or, for a request that answers function calls, the continuation of the turn waiting on them.
///
/// Built by ``make(from:aliases:defaultModel:)``, a pure function, so the mapping from the OpenAI
/// request shape onto a codex thread is tested as a table. Every request gets a new ephemeral
/// thread carrying its own history, so no state survives a worker restart.
public struct TurnPlan: Sendable, Equatable {
    /// The codex model.
    public var model: String
    /// The model name to echo back to the client (what it asked for).
    public var requestedModel: String
    /// The system and developer messages, joined, as the thread's developer instructions.
    public var instructions: String?
    /// The earlier conversation (every message before the last, but the system and developer ones)
    /// as Responses API items for `thread/inject_items`, oldest first; see ``historyItems(of:text:)``.
    public var history: [JSONValue]
    /// The turn's input: the last user message, or `nil` when the request ends with tool results (the turn then
    /// continues from the history, whose last items are the results).
    public var input: String?
    /// The JSON Schema the answer must follow, from `response_format`.
    public var outputSchema: JSONValue?
    /// The reasoning effort.
    public var effort: String?
    /// Whether the client wants server-sent events.
    public var stream: Bool
    /// Whether a streamed answer ends with a usage chunk.
    public var includeUsage: Bool
    /// The client functions offered to the model, as codex dynamic tool specs (see ``ToolOffer``).
    public var dynamicTools: [JSONValue] = []
    /// The results of the calls the request answers: its trailing `tool` messages, in order. A turn kept waiting on
    /// one of these calls goes on with them; otherwise they close the injected history.
    public var toolResults: [ToolResult] = []

    /// The output of one function call, from a `tool` message.
    public struct ToolResult: Sendable, Equatable {
        /// The call's id (`tool_call_id`).
        public var callID: String
        /// What the function returned.
        public var output: String
    }

    /// The roles the gateway accepts.
    public static let roles: Set<String> = ["system", "developer", "user", "assistant", "tool"]

    /// Maps a request onto a plan.
    ///
    /// - Parameters:
    ///   - request: the decoded request.
    ///   - aliases: the operator's model alias table (`alias → codex model`).
    ///   - defaultModel: the model when the request names none.
    ///   - allowed: the models and reasoning efforts a request may choose; `nil` allows any (tests of the mapping).
    /// - Returns: the plan.
    /// - Throws: ``GatewayError`` (400) naming the parameter at fault: `n` above 1, image or other
    ///   non-text parts, an unknown role, no user message, an unusable `response_format`, a reasoning effort the
    ///   operator did not allow, a `tool` message whose `tool_call_id` matches no earlier call (`messages`), a refused
    ///   tool or `tool_choice` (``ToolOffer``); 404 `model_not_found` for a model the operator did not allow.
    public static func make(
        from request: ChatCompletionRequest,
        aliases: [String: String],
        defaultModel: String,
        allowed: AllowedChoices? = nil
    ) throws(GatewayError) -> TurnPlan {
        if let n = request.n {
            guard n >= 1 else { throw .invalidRequest("`n` must be at least 1.", param: "n") }
            guard n == 1 else { throw .unsupported("The gateway generates one choice per request; `n` must be 1.", param: "n") }
        }
        guard !request.messages.isEmpty else { throw .invalidRequest("`messages` must not be empty.", param: "messages") }

        var texts: [String] = []
        var calledIDs: Set<String> = []
        for (index, message) in request.messages.enumerated() {
            guard roles.contains(message.role) else {
                throw .invalidRequest("Unknown role `\(message.role)`.", param: "messages[\(index)].role")
            }
            texts.append(try text(of: message, at: index))
            if message.role == "tool" {
                guard let id = message.toolCallID, calledIDs.contains(id) else {
                    throw .invalidRequest(
                        "messages[\(index)]: the `tool_call_id` `\(message.toolCallID ?? "")` matches no call of an earlier assistant message.",
                        param: "messages"
                    )
                }
            }
            if message.role == "assistant" { calledIDs.formUnion(message.toolCalls.map(\.id)) }
        }
        // The turn's input is the last user message; a request ending with tool results (after the assistant message
        // that called them) has none: the turn continues from the results.
        let trailingResults = request.messages.reversed().prefix { $0.role == "tool" }.count
        let lastUser = request.messages.lastIndex(where: { $0.role == "user" })
        let inputIndex: Int?
        if trailingResults > 0 {
            let caller = request.messages.count - trailingResults - 1
            guard caller >= 0, request.messages[caller].role == "assistant", !request.messages[caller].toolCalls.isEmpty else {
                throw .invalidRequest("`tool` messages must follow the assistant message whose calls they answer.", param: "messages")
            }
            guard lastUser != nil else { throw .invalidRequest("`messages` must contain a user message.", param: "messages") }
            inputIndex = nil
        } else {
            guard let lastUser else { throw .invalidRequest("`messages` must contain a user message.", param: "messages") }
            guard lastUser == request.messages.count - 1 else {
                throw .invalidRequest("The last message must come from the user or be a tool result.", param: "messages")
            }
            inputIndex = lastUser
        }

        let instructionTexts = zip(request.messages, texts).filter { $0.0.role == "system" || $0.0.role == "developer" }.map(\.1)
        let history = zip(request.messages, texts).prefix(inputIndex ?? request.messages.count).flatMap { message, text in
            historyItems(of: message, text: text)
        }
        let toolResults = zip(request.messages, texts).suffix(trailingResults).map { message, text in
            ToolResult(callID: message.toolCallID ?? "", output: text)
        }

        let requested = request.model.flatMap { $0.isEmpty ? nil : $0 } ?? defaultModel
        let model = aliases[requested] ?? requested
        if let allowed {
            guard allowed.models.contains(model) else { throw .modelNotFound(requested) }
            if let effort = request.reasoningEffort, !allowed.efforts.contains(effort) {
                throw .invalidRequest(
                    "`reasoning_effort` must be one of \(allowed.efforts.sorted().joined(separator: ", ")).", param: "reasoning_effort"
                )
            }
        }
        return TurnPlan(
            model: model,
            requestedModel: requested,
            instructions: instructionTexts.isEmpty ? nil : instructionTexts.joined(separator: "\n\n"),
            history: history,
            input: inputIndex.map { texts[$0] },
            outputSchema: try outputSchema(request.responseFormat),
            effort: request.reasoningEffort,
            stream: request.stream ?? false,
            includeUsage: request.streamOptions?.includeUsage ?? false,
            dynamicTools: try ToolOffer.specs(tools: request.tools, choice: request.toolChoice),
            toolResults: toolResults
        )
    }

    /// One earlier message as Responses API items: none for system and developer messages (they are the
    /// instructions).
    ///
    /// User messages become `user` messages of `input_text`, assistant messages `assistant` messages of
    /// `output_text` followed by one `function_call` item per call, and `tool` messages `function_call_output` items:
    /// the model sees its own calls and their outputs as it made and received them.
    static func historyItems(of message: ChatMessage, text: String) -> [JSONValue] {
        switch message.role {
        case "user":
            return [messageItem(role: "user", partType: "input_text", text: text)]
        case "assistant":
            let calls: [JSONValue] = message.toolCalls.map { call in
                .object([
                    "type": .string("function_call"), "call_id": .string(call.id), "name": .string(call.function.name),
                    "arguments": .string(call.function.arguments),
                ])
            }
            return (text.isEmpty ? [] : [messageItem(role: "assistant", partType: "output_text", text: text)]) + calls
        case "tool":
            return [.object(["type": .string("function_call_output"), "call_id": .string(message.toolCallID ?? ""), "output": .string(text)])]
        default:
            return []
        }
    }

    private static func messageItem(role: String, partType: String, text: String) -> JSONValue {
        .object([
            "type": .string("message"),
            "role": .string(role),
            "content": .array([.object(["type": .string(partType), "text": .string(text)])]),
        ])
    }

    private static func text(of message: ChatMessage, at index: Int) throws(GatewayError) -> String {
        switch message.content {
        case .text(let text):
            return text
        case .none:
            return ""
        case .parts(let parts):
            var result: [String] = []
            for (partIndex, part) in parts.enumerated() {
                guard part.type == "text" || part.type == "refusal", let text = part.text else {
                    throw .unsupported(
                        "Content parts of type `\(part.type)` are not supported; send text only.",
                        param: "messages[\(index)].content[\(partIndex)]"
                    )
                }
                result.append(text)
            }
            return result.joined(separator: "\n")
        }
    }

    private static func outputSchema(_ format: ChatCompletionRequest.ResponseFormat?) throws(GatewayError) -> JSONValue? {
        guard let format else { return nil }
        switch format.type {
        case "text", "json_object":
            return nil
        case "json_schema":
            guard let schema = format.jsonSchema?.schema, case .object = schema else {
                throw .invalidRequest("`response_format.json_schema.schema` must be a JSON Schema object.", param: "response_format")
            }
            return schema
        default:
            throw .invalidRequest("Unknown `response_format.type` `\(format.type)`.", param: "response_format")
        }
    }
}
