import Codex
import Foundation

/// How a codex call of a client function reads in the OpenAI answer: the pure mapping, tested as a table.
enum ToolCallAnswer {
    /// The call as the client sees it: the model's own call id (the client's `tool` message names it back), the
    /// function's name, and the arguments as compact JSON text with sorted keys.
    static func chatToolCall(_ call: AppServerToolCall) -> ChatToolCall {
        ChatToolCall(id: call.callID, name: call.tool, arguments: argumentsText(call.arguments))
    }

    /// `arguments` as compact JSON text; codex hands them parsed, the client expects the JSON string.
    static func argumentsText(_ arguments: JSONValue) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(arguments) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }
}
