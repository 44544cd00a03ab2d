import Codex
import Foundation
import Testing

@testable import Gateway

@Suite("Function calls in the answer")
struct ToolCallAnswerTests {
    @Test(
        "a codex call reads as the client's tool call: the model's call id, the name, the arguments as compact JSON text",
        arguments: [
            (JSONValue.object(["city": .string("Paris"), "at": .integer(12)]), #"{"at":12,"city":"Paris"}"#),
            (JSONValue.object([:]), "{}"),
            (JSONValue.object(["path": .string("a/b"), "list": .array([.bool(true), .null])]), #"{"list":[true,null],"path":"a/b"}"#),
        ]
    )
    func mapsCall(arguments: JSONValue, text: String) {
        let call = AppServerToolCall(requestID: .number(3), callID: "call_x", tool: "get_weather", arguments: arguments)
        #expect(ToolCallAnswer.chatToolCall(call) == ChatToolCall(id: "call_x", name: "get_weather", arguments: text))
    }

    @Test("a non-streamed answer that only calls functions has null content, the calls and finish_reason tool_calls")
    func completionShape() throws {
        let completion = ChatCompletion(
            id: "chatcmpl-1", created: 1, model: "m", content: "", toolCalls: [ChatToolCall(id: "call_1", name: "f", arguments: "{}")],
            finishReason: "tool_calls", usage: .zero
        )
        let object = try #require(try JSONSerialization.jsonObject(with: Data(ChatStreamEncoder.encode(completion).utf8)) as? [String: Any])
        let choice = try #require((object["choices"] as? [[String: Any]])?.first)
        #expect(choice["finish_reason"] as? String == "tool_calls")
        let message = try #require(choice["message"] as? [String: Any])
        #expect(message["content"] is NSNull)
        let call = try #require((message["tool_calls"] as? [[String: Any]])?.first)
        #expect(call["id"] as? String == "call_1" && call["type"] as? String == "function")
        #expect(call["function"] as? [String: String] == ["name": "f", "arguments": "{}"])
    }
}
