/// A call of the model to one of a thread's dynamic tools (the server request `item/tool/call`), waiting for its
/// output.
///
/// codex 0.163 runs a response's dynamic tool calls one after another: the next call of the same response is asked
/// for only once this one is answered.
public struct AppServerToolCall: Sendable, Equatable {
    /// The server request's method.
    static let method = "item/tool/call"

    /// The id of the server request, to answer it with.
    public var requestID: JSONRPCID
    /// The model's id for the call (`call_…`), as it appears in the model's `function_call` item.
    public var callID: String
    /// The function's name.
    public var tool: String
    /// The arguments, parsed from the model's JSON text.
    public var arguments: JSONValue

    /// Creates a call.
    public init(requestID: JSONRPCID, callID: String, tool: String, arguments: JSONValue) {
        self.requestID = requestID
        self.callID = callID
        self.tool = tool
        self.arguments = arguments
    }

    /// Reads an `item/tool/call` request; `nil` when it lacks `callId` or `tool`.
    init?(_ request: AppServerServerRequest) {
        guard request.method == Self.method, let callID = request.params?["callId"]?.stringValue,
            let tool = request.params?["tool"]?.stringValue
        else { return nil }
        self.init(requestID: request.id, callID: callID, tool: tool, arguments: request.params?["arguments"] ?? .object([:]))
    }
}
