/// A non-streamed answer: one `chat.completion` with the whole message and the usage.
public struct ChatCompletion: Sendable, Equatable, Encodable {
    /// `chatcmpl-…`.
    public var id: String
    /// Unix seconds when the request started.
    public var created: Int
    /// The model name echoed to the client.
    public var model: String
    /// The assistant's answer.
    public var content: String
    /// The client functions the model called; the answer then ends with `tool_calls`.
    public var toolCalls: [ChatToolCall]
    /// `stop`, `tool_calls`, or `length` when codex ended the turn early.
    public var finishReason: String
    /// The token counts.
    public var usage: ChatUsage

    /// Creates a completion.
    public init(id: String, created: Int, model: String, content: String, toolCalls: [ChatToolCall] = [], finishReason: String, usage: ChatUsage) {
        self.id = id
        self.created = created
        self.model = model
        self.content = content
        self.toolCalls = toolCalls
        self.finishReason = finishReason
        self.usage = usage
    }

    enum CodingKeys: String, CodingKey {
        case id, object, created, model, choices, usage, index, message, logprobs, role, content, refusal
        case toolCalls = "tool_calls"
        case systemFingerprint = "system_fingerprint"
        case finishReason = "finish_reason"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode("chat.completion", forKey: .object)
        try container.encode(created, forKey: .created)
        try container.encode(model, forKey: .model)
        try container.encodeNil(forKey: .systemFingerprint)
        var choices = container.nestedUnkeyedContainer(forKey: .choices)
        var choice = choices.nestedContainer(keyedBy: CodingKeys.self)
        try choice.encode(0, forKey: .index)
        var message = choice.nestedContainer(keyedBy: CodingKeys.self, forKey: .message)
        try message.encode("assistant", forKey: .role)
        // OpenAI sends `content: null` on a message that only calls functions.
        if content.isEmpty && !toolCalls.isEmpty {
            try message.encodeNil(forKey: .content)
        } else {
            try message.encode(content, forKey: .content)
        }
        try message.encodeNil(forKey: .refusal)
        if !toolCalls.isEmpty { try message.encode(toolCalls, forKey: .toolCalls) }
        try choice.encodeNil(forKey: .logprobs)
        try choice.encode(finishReason, forKey: .finishReason)
        try container.encode(usage, forKey: .usage)
    }
}
