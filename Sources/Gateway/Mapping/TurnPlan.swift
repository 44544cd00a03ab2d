public import Codex

/// What one chat completion request asks codex to do: a fresh thread with these instructions, then
/// one turn with this input.
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
    /// The turn's input: the last user message, preceded by the earlier conversation when there is one.
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
    /// - Returns: the plan.
    /// - Throws: ``GatewayError`` (400) naming the parameter at fault: `n` above 1, image or other
    ///   non-text parts, an unknown role, no user message, an unusable `response_format`.
    public static func make(from request: ChatCompletionRequest, aliases: [String: String], defaultModel: String) throws(GatewayError)
        -> TurnPlan
    {
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
        let history = zip(request.messages, texts).prefix(lastUser).filter { $0.0.role != "system" && $0.0.role != "developer" }

        let requested = request.model.flatMap { $0.isEmpty ? nil : $0 } ?? defaultModel
        return TurnPlan(
            model: aliases[requested] ?? requested,
            requestedModel: requested,
            instructions: instructionTexts.isEmpty ? nil : instructionTexts.joined(separator: "\n\n"),
            input: history.isEmpty ? texts[lastUser] : transcript(history.map { ($0.0.role, $0.1) }, latest: texts[lastUser]),
            outputSchema: try outputSchema(request.responseFormat),
            effort: request.reasoningEffort,
            stream: request.stream ?? false,
            includeUsage: request.streamOptions?.includeUsage ?? false
        )
    }

    /// The earlier conversation and the latest message as one input, with each earlier message
    /// labelled by its role so the model can tell who said what.
    static func transcript(_ history: [(role: String, text: String)], latest: String) -> String {
        var lines = ["The conversation so far:"]
        for (role, text) in history {
            lines.append("")
            lines.append("[\(role)]")
            lines.append(text)
        }
        lines.append("")
        lines.append("Answer the user's latest message:")
        lines.append("")
        lines.append(latest)
        return lines.joined(separator: "\n")
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
