import Codex

/// The client function calls one answer hands over: every call of the model's response not answered yet.
struct ToolCallBatch: Sendable, Equatable {
    /// The call codex asked for (`item/tool/call`); the turn waits on its answer.
    var pending: AppServerToolCall
    /// The calls as the client gets them, the pending one first, in the model's order.
    var calls: [ChatToolCall]
}
