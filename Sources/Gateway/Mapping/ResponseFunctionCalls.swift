import Codex
import Foundation

/// The client function calls of a turn's model responses, in the model's order, from codex's raw response items
/// (`rawResponseItem/completed` with `experimentalRawEvents`): the pure part of returning parallel calls together.
///
/// codex 0.163 asks the client for a response's calls one at a time (`item/tool/call`), each only once the previous
/// has its result, and may ask for the first while the response still streams; but every `function_call` item of the
/// response is reported before `rawResponse/completed`. Waiting for that, the gateway answers the client with all the
/// calls at once, and answers codex's later asks from the results the client sends back together.
struct ResponseFunctionCalls: Sendable, Equatable {
    /// The notification carrying one raw response item.
    static let rawItemMethod = "rawResponseItem/completed"
    /// The notification that a model response is complete: every call of it has been noted.
    static let responseCompletedMethod = "rawResponse/completed"

    /// The functions the client offered: calls of other tools (codex's own) are codex's to run.
    let clientTools: Set<String>
    private(set) var calls: [ChatToolCall] = []

    init(clientTools: Set<String>) {
        self.clientTools = clientTools
    }

    /// Notes one raw response item; anything but a `function_call` of a client function is ignored.
    ///
    /// - Returns: whether the item was a client call, noted now.
    @discardableResult
    mutating func note(rawItem item: JSONValue?) -> Bool {
        guard let item, item["type"]?.stringValue == "function_call", let name = item["name"]?.stringValue, clientTools.contains(name),
            let callID = item["call_id"]?.stringValue, !calls.contains(where: { $0.id == callID })
        else { return false }
        calls.append(ChatToolCall(id: callID, name: name, arguments: Self.canonical(item["arguments"]?.stringValue ?? "")))
        return true
    }

    /// Whether the call with this id was noted.
    func contains(_ callID: String) -> Bool {
        calls.contains { $0.id == callID }
    }

    /// The calls the client gets when codex asks for `asked`: that one, then the calls noted after it (the rest of
    /// its response), leaving out those whose results are already known.
    ///
    /// - Parameters:
    ///   - asked: the call codex asks for now.
    ///   - known: ids of calls whose results the client sent already.
    func batch(startingWith asked: AppServerToolCall, known: Set<String>) -> [ChatToolCall] {
        let first = ToolCallAnswer.chatToolCall(asked)
        guard let position = calls.firstIndex(where: { $0.id == asked.callID }) else { return [first] }
        return [first] + calls[(position + 1)...].filter { !known.contains($0.id) }
    }

    /// The model's arguments text as ``ToolCallAnswer/argumentsText(_:)`` writes codex's parsed ones (compact, keys
    /// sorted), so every call of a batch reads alike; text that is not JSON is kept as it is.
    static func canonical(_ text: String) -> String {
        guard let value = try? JSONDecoder().decode(JSONValue.self, from: Data(text.utf8)) else { return text }
        return ToolCallAnswer.argumentsText(value)
    }
}
