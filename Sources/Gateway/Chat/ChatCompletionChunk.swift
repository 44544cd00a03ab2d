/// One `chat.completion.chunk` of a streamed answer.
///
/// `id`, `created` and `model` are the same on every chunk of a stream. `usage` is encoded only
/// when the client asked for it (`stream_options.include_usage`): `null` on every chunk but the
/// last, which carries the counts and no choices.
public struct ChatCompletionChunk: Sendable, Equatable, Encodable {
    /// What changed in the one choice.
    public struct Delta: Sendable, Equatable {
        /// `assistant` on the first chunk only.
        public var role: String?
        /// The next piece of text.
        public var content: String?
        /// Pieces of function calls.
        public var toolCalls: [ToolCallDelta]?

        /// Creates a delta.
        public init(role: String? = nil, content: String? = nil, toolCalls: [ToolCallDelta]? = nil) {
            self.role = role
            self.content = content
            self.toolCalls = toolCalls
        }
    }

    /// A piece of one function call in a delta, as OpenAI streams it: the first piece of a call carries `index`,
    /// `id`, `type` and `function.name` (with empty arguments), the next ones `index` and a fragment of
    /// `function.arguments`; clients join the pieces by `index`.
    public struct ToolCallDelta: Sendable, Equatable, Encodable {
        /// The call's position among the answer's calls: 0, 1, …
        public var index: Int
        /// The call's id, on its first piece.
        public var id: String?
        /// The function's name, on the first piece.
        public var name: String?
        /// A fragment of the arguments' JSON text.
        public var arguments: String

        /// Creates a piece.
        public init(index: Int, id: String? = nil, name: String? = nil, arguments: String) {
            self.index = index
            self.id = id
            self.name = name
            self.arguments = arguments
        }

        enum CodingKeys: String, CodingKey {
            case index, id, type, function, name, arguments
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(index, forKey: .index)
            if let id {
                try container.encode(id, forKey: .id)
                try container.encode("function", forKey: .type)
            }
            var function = container.nestedContainer(keyedBy: CodingKeys.self, forKey: .function)
            try function.encodeIfPresent(name, forKey: .name)
            try function.encode(arguments, forKey: .arguments)
        }
    }

    /// The stream's id (`chatcmpl-…`).
    public var id: String
    /// Unix seconds when the stream started.
    public var created: Int
    /// The model name echoed to the client.
    public var model: String
    /// The choice's delta, or `nil` for the usage chunk (empty `choices`).
    public var delta: Delta?
    /// Set on the final chunk (`stop`, `tool_calls`, `length`).
    public var finishReason: String?
    /// Whether the chunk has a `usage` member at all.
    public var includesUsage: Bool
    /// The counts, on the usage chunk.
    public var usage: ChatUsage?

    enum CodingKeys: String, CodingKey {
        case id, object, created, model, choices, usage, index, delta, logprobs, role, content
        case toolCalls = "tool_calls"
        case systemFingerprint = "system_fingerprint"
        case finishReason = "finish_reason"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode("chat.completion.chunk", forKey: .object)
        try container.encode(created, forKey: .created)
        try container.encode(model, forKey: .model)
        try container.encodeNil(forKey: .systemFingerprint)
        var choices = container.nestedUnkeyedContainer(forKey: .choices)
        if let delta {
            var choice = choices.nestedContainer(keyedBy: CodingKeys.self)
            try choice.encode(0, forKey: .index)
            var deltaContainer = choice.nestedContainer(keyedBy: CodingKeys.self, forKey: .delta)
            try deltaContainer.encodeIfPresent(delta.role, forKey: .role)
            try deltaContainer.encodeIfPresent(delta.content, forKey: .content)
            try deltaContainer.encodeIfPresent(delta.toolCalls, forKey: .toolCalls)
            try choice.encodeNil(forKey: .logprobs)
            try choice.encode(finishReason, forKey: .finishReason)
        }
        if includesUsage {
            try container.encode(usage, forKey: .usage)
        }
    }
}
