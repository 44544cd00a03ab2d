/// One scripted answer of the ``ScriptedModelServer`` to one `POST /v1/responses`.
///
/// Each request consumes the next turn of the script. Message texts may contain `{{last_tool_output}}`
/// (the `output` of the latest `function_call_output` or `custom_tool_call_output` item in the request's
/// `input`) and `{{request_count}}` (the request's sequence number), which the server fills in.
/// Per-turn options (slow streaming, a late first byte, token usage) are added with
/// ``with(delayMs:firstByteMs:usage:)``.
public indirect enum ModelTurn: Sendable, Hashable {
    /// An assistant message, streamed as `deltas` text deltas, optionally preceded by a reasoning summary.
    case message(String, reasoning: String? = nil, deltas: Int = 1)
    /// A `function_call` to codex's `exec_command` tool with arguments `{"cmd": …}` (plus `"login"` when set);
    /// `callID` defaults to a unique `call_<request>_<index>`.
    case exec(String, callID: String? = nil, login: Bool? = nil)
    /// A `function_call` to any tool; `arguments` is the JSON text the Responses API carries as a string, and
    /// `namespace` addresses MCP tools (`mcp__<server>`).
    case functionCall(name: String, arguments: String, namespace: String? = nil, callID: String? = nil)
    /// A `custom_tool_call` to `apply_patch` with the patch text as its input.
    case applyPatch(String, callID: String? = nil)
    /// An assistant message whose text is the given JSON document (the answer to `--output-schema`).
    case structured(String)
    /// Several output items in one response.
    case items([Item])
    /// A plain HTTP error response instead of a stream (`429` with `retry-after`, `401`, `500`…).
    case httpError(status: Int, headers: [String: String] = [:], body: String = "")
    /// A stream that ends with `response.failed` carrying `code` (e.g. `context_length_exceeded`) and `message`.
    case failed(code: String, message: String)
    /// A stream that starts a message, then loses the connection before `response.completed`.
    case broken
    /// A stream that sends its headers and `response.created`, then nothing until the client disconnects or the
    /// server stops.
    case hang
    /// Exactly these SSE events, nothing added.
    case raw([RawEvent])
    /// A turn with per-turn options; built by ``with(delayMs:firstByteMs:usage:)``.
    case configured(ModelTurn, Options)

    /// One output item of a response.
    public enum Item: Sendable, Hashable {
        /// An assistant message streamed as `deltas` text deltas.
        case message(String, deltas: Int = 1)
        /// A reasoning item with this summary text.
        case reasoning(String)
        /// A `function_call` to `exec_command`.
        case exec(String, callID: String? = nil, login: Bool? = nil)
        /// A `function_call` to any tool.
        case functionCall(name: String, arguments: String, namespace: String? = nil, callID: String? = nil)
        /// A `custom_tool_call` to `apply_patch`.
        case applyPatch(String, callID: String? = nil)
        /// A completed `web_search_call` (codex needs no round trip for it).
        case webSearch(query: String)
        /// This item object, sent as is in `response.output_item.done`.
        case raw(ScriptedJSON)
    }

    /// One server-sent event, for ``ModelTurn/raw(_:)``.
    public struct RawEvent: Sendable, Hashable {
        /// The `event:` line, or `nil` for none.
        public var name: String?
        /// The `data:` payload (split over several `data:` lines when it contains newlines).
        public var data: String

        /// An event with an optional name and a data payload.
        public init(name: String?, data: String) {
            self.name = name
            self.data = data
        }

        /// An event named after the payload's `type`, the way the Responses API sends them.
        public init(_ payload: ScriptedJSON) {
            self.init(name: payload["type"]?.string, data: payload.serialized)
        }
    }

    /// Token usage reported in `response.completed`.
    public struct Usage: Sendable, Hashable {
        /// `input_tokens`.
        public var inputTokens: Int
        /// `input_tokens_details.cached_tokens`.
        public var cachedInputTokens: Int
        /// `output_tokens`.
        public var outputTokens: Int
        /// `output_tokens_details.reasoning_tokens`.
        public var reasoningOutputTokens: Int

        /// `total_tokens`: input plus output.
        public var totalTokens: Int { inputTokens + outputTokens }

        /// Usage with the given counts.
        public init(inputTokens: Int, cachedInputTokens: Int = 0, outputTokens: Int, reasoningOutputTokens: Int = 0) {
            self.inputTokens = inputTokens
            self.cachedInputTokens = cachedInputTokens
            self.outputTokens = outputTokens
            self.reasoningOutputTokens = reasoningOutputTokens
        }

        /// 100 input (20 cached), 7 output (3 reasoning): the numbers the reference observations use.
        public static let standard = Usage(inputTokens: 100, cachedInputTokens: 20, outputTokens: 7, reasoningOutputTokens: 3)
    }

    /// How a turn is served, beyond what it says.
    public struct Options: Sendable, Hashable {
        /// Milliseconds between consecutive SSE events (a slow stream that really trickles).
        public var delayMs: Int
        /// Milliseconds before the response headers are sent.
        public var firstByteMs: Int
        /// Usage in `response.completed`.
        public var usage: Usage
        /// Extra response headers of a streamed turn, e.g. the provider's `x-codex-primary-used-percent`.
        public var headers: [String: String]

        /// Options with the given values; the defaults serve at full speed with ``Usage/standard``.
        public init(delayMs: Int = 0, firstByteMs: Int = 0, usage: Usage = .standard, headers: [String: String] = [:]) {
            self.delayMs = delayMs
            self.firstByteMs = firstByteMs
            self.usage = usage
            self.headers = headers
        }
    }

    /// This turn with per-turn options; unspecified options keep their current value.
    /// - Parameters:
    ///   - delayMs: Milliseconds between SSE events.
    ///   - firstByteMs: Milliseconds before the response headers.
    ///   - usage: Token usage in `response.completed`.
    ///   - headers: Extra response headers of a streamed turn.
    /// - Returns: The same turn, served with those options.
    public func with(delayMs: Int? = nil, firstByteMs: Int? = nil, usage: Usage? = nil, headers: [String: String]? = nil) -> ModelTurn {
        var options = self.options
        if let delayMs { options.delayMs = delayMs }
        if let firstByteMs { options.firstByteMs = firstByteMs }
        if let usage { options.usage = usage }
        if let headers { options.headers = headers }
        return .configured(base, options)
    }

    /// The turn without its options.
    private var base: ModelTurn {
        if case .configured(let turn, _) = self { return turn.base }
        return self
    }

    /// The options this turn is served with.
    private var options: Options {
        if case .configured(_, let options) = self { return options }
        return Options()
    }
}
