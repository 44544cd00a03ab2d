public import Codex

/// What one chat completion request asks codex to do: a fresh thread with these instructions, the
/// earlier conversation injected as its history, then one turn with the latest user message.
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
    /// as Responses API items for `thread/inject_items`, oldest first; see ``historyItem(role:text:)``.
    public var history: [JSONValue]
    /// The turn's input: the last user message.
    public var input: String
    /// The JSON Schema the answer must follow, from `response_format`.
    public var outputSchema: JSONValue?
    /// The reasoning effort.
    public var effort: String?
    /// Whether the client wants server-sent events.
    public var stream: Bool
    /// Whether a streamed answer ends with a usage chunk.
    public var includeUsage: Bool

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
    ///   operator did not allow; 404 `model_not_found` for a model the operator did not allow.
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
        for (index, message) in request.messages.enumerated() {
            guard roles.contains(message.role) else {
                throw .invalidRequest("Unknown role `\(message.role)`.", param: "messages[\(index)].role")
            }
            texts.append(try text(of: message, at: index))
        }
        guard let lastUser = request.messages.lastIndex(where: { $0.role == "user" }) else {
            throw .invalidRequest("`messages` must contain a user message.", param: "messages")
        }
        guard lastUser == request.messages.count - 1 else {
            throw .invalidRequest("The last message must come from the user.", param: "messages")
        }

        let instructionTexts = zip(request.messages, texts).filter { $0.0.role == "system" || $0.0.role == "developer" }.map(\.1)
        let history = zip(request.messages, texts).prefix(lastUser).compactMap { message, text in
            historyItem(role: message.role, text: text)
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
            input: texts[lastUser],
            outputSchema: try outputSchema(request.responseFormat),
            effort: request.reasoningEffort,
            stream: request.stream ?? false,
            includeUsage: request.streamOptions?.includeUsage ?? false
        )
    }

    /// One earlier message as a Responses API item, or `nil` for what is not history: system and
    /// developer messages (they are the instructions) and an assistant message without text (one
    /// that only called tools).
    ///
    /// User messages become `user` messages of `input_text`, assistant messages `assistant`
    /// messages of `output_text`. A `tool` message (a tool's result) becomes a `user` message
    /// saying so: the calls it answers are not carried, and codex refuses an orphan call output.
    static func historyItem(role: String, text: String) -> JSONValue? {
        let (itemRole, partType, itemText): (String, String, String)
        switch role {
        case "user": (itemRole, partType, itemText) = ("user", "input_text", text)
        case "assistant" where !text.isEmpty: (itemRole, partType, itemText) = ("assistant", "output_text", text)
        case "tool": (itemRole, partType, itemText) = ("user", "input_text", "Tool result:\n" + text)
        default: return nil
        }
        return .object([
            "type": .string("message"),
            "role": .string(itemRole),
            "content": .array([.object(["type": .string(partType), "text": .string(itemText)])]),
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
