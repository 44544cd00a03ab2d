public import Foundation

/// One request the ``ScriptedModelServer`` received, as it arrived.
public struct RecordedRequest: Sendable {
    /// 1 for the first request the server received (of any method and path), and so on.
    public let sequence: Int
    /// The HTTP method (`POST`).
    public let method: String
    /// The path without the query (`/v1/responses`).
    public let path: String
    /// The query string without `?`, if any.
    public let query: String?
    /// Every header, names lowercased; repeated headers joined with `, `.
    public let headers: [String: String]
    /// The body bytes.
    public let body: Data
    /// The body parsed as JSON, or `nil` when it is not JSON.
    public let json: ScriptedJSON?
    /// The index of the scripted turn that answered it, or `nil` for the default turn and for requests that are
    /// not `POST /v1/responses`.
    public let turnIndex: Int?
    /// When its head arrived, before its body was read (a benchmark stops its clock here).
    public let arrival: ContinuousClock.Instant

    /// Records a request.
    public init(
        sequence: Int,
        method: String,
        path: String,
        query: String?,
        headers: [String: String],
        body: Data,
        turnIndex: Int?,
        arrival: ContinuousClock.Instant = .now
    ) {
        self.sequence = sequence
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
        self.json = ScriptedJSON.parse(body)
        self.turnIndex = turnIndex
        self.arrival = arrival
    }

    /// The value of header `name` (any case), if present.
    public func header(_ name: String) -> String? {
        headers[name.lowercased()]
    }

    /// The items of the body's `input` array (the conversation codex sent), empty when there is none.
    public var input: [ScriptedJSON] {
        json?["input"]?.array ?? []
    }

    /// The names of the tools the request offers the model: each `tools` entry's `name`, or its `type` for the
    /// hosted ones that have none (`web_search`, `tool_search`).
    public var toolNames: Set<String> {
        Set((json?["tools"]?.array ?? []).compactMap { $0["name"]?.string ?? $0["type"]?.string })
    }

    /// A `function_call` item of a request's `input`: a call the model made earlier in the conversation.
    public struct FunctionCall: Sendable, Equatable {
        /// `call_id`.
        public var callID: String
        /// The function's name.
        public var name: String
        /// The arguments' JSON text.
        public var arguments: String

        /// A call with these members.
        public init(callID: String, name: String, arguments: String) {
            self.callID = callID
            self.name = name
            self.arguments = arguments
        }
    }

    /// The `function_call` items of `input`, in order: the calls the model sees it made, as structured items.
    public var functionCalls: [FunctionCall] {
        input.compactMap { item in
            guard item["type"]?.string == "function_call", let callID = item["call_id"]?.string, let name = item["name"]?.string else {
                return nil
            }
            return FunctionCall(callID: callID, name: name, arguments: item["arguments"]?.string ?? "")
        }
    }

    /// The `output` of the `function_call_output` item answering `callID`, or `nil` when `input` has none: what the
    /// model sees a call returned, as a structured item.
    public func functionOutput(callID: String) -> String? {
        for item in input where item["type"]?.string == "function_call_output" && item["call_id"]?.string == callID {
            return item["output"]?.string ?? item["output"]?.serialized
        }
        return nil
    }

    /// The `output` of every `function_call_output` and `custom_tool_call_output` item in `input`, in order.
    ///
    /// An output sent as an array of content parts (MCP results) is given as the concatenation of their `text`.
    var toolOutputs: [String] {
        input.compactMap { item in
            guard let type = item["type"]?.string, type == "function_call_output" || type == "custom_tool_call_output" else {
                return nil
            }
            switch item["output"] {
            case .string(let text): return text
            case .array(let parts): return parts.compactMap { $0["text"]?.string }.joined()
            case let other?: return other.serialized
            case nil: return ""
            }
        }
    }
}
