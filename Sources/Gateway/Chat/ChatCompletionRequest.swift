public import Codex

/// The body of `POST /v1/chat/completions`, as far as the gateway reads it.
///
/// Decoding is lenient on purpose: members the gateway does not use (`temperature`, `user`,
/// `max_tokens`, `parallel_tool_calls`, `stream_options.include_obfuscation`…) are accepted and ignored, because
/// common clients send them by default and break on servers that refuse them.
public struct ChatCompletionRequest: Sendable, Equatable, Decodable {
    /// `stream_options`.
    public struct StreamOptions: Sendable, Equatable, Decodable {
        /// Whether a usage chunk (with empty `choices`) precedes `[DONE]`.
        public var includeUsage: Bool?

        enum CodingKeys: String, CodingKey {
            case includeUsage = "include_usage"
        }
    }

    /// `response_format`.
    public struct ResponseFormat: Sendable, Equatable, Decodable {
        /// `text`, `json_object` or `json_schema`.
        public var type: String
        /// For `json_schema`: the schema's name and the schema.
        public var jsonSchema: JSONSchema?

        enum CodingKeys: String, CodingKey {
            case type
            case jsonSchema = "json_schema"
        }
    }

    /// `response_format.json_schema`.
    public struct JSONSchema: Sendable, Equatable, Decodable {
        /// The schema's name.
        public var name: String?
        /// The JSON Schema itself.
        public var schema: JSONValue?
    }

    /// The model the client asked for (a codex model or an alias).
    public var model: String?
    /// The conversation.
    public var messages: [ChatMessage]
    /// Whether to answer with server-sent events.
    public var stream: Bool?
    /// Streaming options.
    public var streamOptions: StreamOptions?
    /// How many choices to generate; the gateway makes exactly one.
    public var n: Int?
    /// The requested output format.
    public var responseFormat: ResponseFormat?
    /// The reasoning effort (`low`, `medium`, `high`…).
    public var reasoningEffort: String?
    /// The functions the model may call.
    public var tools: [ChatTool]?
    /// Whether and which tools the model may call.
    public var toolChoice: ChatToolChoice?

    /// Creates a request from parts, for tests and benchmarks.
    public init(
        model: String? = nil,
        messages: [ChatMessage],
        stream: Bool? = nil,
        streamOptions: StreamOptions? = nil,
        n: Int? = nil,
        responseFormat: ResponseFormat? = nil,
        reasoningEffort: String? = nil,
        tools: [ChatTool]? = nil,
        toolChoice: ChatToolChoice? = nil
    ) {
        self.model = model
        self.messages = messages
        self.stream = stream
        self.streamOptions = streamOptions
        self.n = n
        self.responseFormat = responseFormat
        self.reasoningEffort = reasoningEffort
        self.tools = tools
        self.toolChoice = toolChoice
    }

    enum CodingKeys: String, CodingKey {
        case model, messages, stream, n, tools
        case toolChoice = "tool_choice"
        case streamOptions = "stream_options"
        case responseFormat = "response_format"
        case reasoningEffort = "reasoning_effort"
    }
}
