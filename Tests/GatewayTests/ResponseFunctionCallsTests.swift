import Codex
import Foundation
import Testing

@testable import Gateway

@Suite("Parallel function calls from raw response items")
struct ResponseFunctionCallsTests {
    static func raw(_ name: String, _ callID: String, _ arguments: String = "{}", type: String = "function_call") -> JSONValue {
        .object(["type": .string(type), "name": .string(name), "call_id": .string(callID), "arguments": .string(arguments), "id": .string("fc_\(callID)")])
    }

    static func asked(_ callID: String, _ name: String) -> AppServerToolCall {
        AppServerToolCall(requestID: .number(7), callID: callID, tool: name, arguments: .object([:]))
    }

    struct Case: Sendable, CustomTestStringConvertible {
        let testDescription: String
        let items: [JSONValue?]
        let asked: AppServerToolCall
        let known: Set<String>
        let expected: [String]
    }

    static let cases: [Case] = [
        Case(testDescription: "two calls: both, in the model's order", items: [raw("a", "c1"), raw("b", "c2")], asked: asked("c1", "a"), known: [], expected: ["c1", "c2"]),
        Case(testDescription: "asked for the second: only what follows it", items: [raw("a", "c1"), raw("b", "c2"), raw("a", "c3")], asked: asked("c2", "b"), known: [], expected: ["c2", "c3"]),
        Case(testDescription: "results already sent are left out", items: [raw("a", "c1"), raw("b", "c2"), raw("a", "c3")], asked: asked("c1", "a"), known: ["c2"], expected: ["c1", "c3"]),
        Case(testDescription: "codex's own tools stay codex's", items: [raw("a", "c1"), raw("exec_command", "c2"), raw("b", "c3")], asked: asked("c1", "a"), known: [], expected: ["c1", "c3"]),
        Case(testDescription: "other item types are ignored", items: [raw("a", "c1"), raw("b", "c2", type: "function_call_output"), .object(["type": .string("message")]), nil], asked: asked("c1", "a"), known: [], expected: ["c1"]),
        Case(testDescription: "a call id seen twice is one call", items: [raw("a", "c1"), raw("b", "c2"), raw("b", "c2")], asked: asked("c1", "a"), known: [], expected: ["c1", "c2"]),
        Case(testDescription: "without raw items: the asked call alone", items: [], asked: asked("c9", "a"), known: [], expected: ["c9"]),
    ]

    @Test("the batch the client gets when codex asks for a call", arguments: cases)
    func batches(_ example: Case) {
        var calls = ResponseFunctionCalls(clientTools: ["a", "b"])
        for item in example.items { calls.note(rawItem: item) }
        #expect(calls.batch(startingWith: example.asked, known: example.known).map(\.id) == example.expected)
    }

    @Test("later calls read like codex's parsed ones: compact, keys sorted; text that is not JSON is kept")
    func argumentsText() {
        var calls = ResponseFunctionCalls(clientTools: ["a"])
        calls.note(rawItem: Self.raw("a", "c1"))
        calls.note(rawItem: Self.raw("a", "c2", #"{ "z": 1, "a": {"y": [1, 2]} }"#))
        calls.note(rawItem: Self.raw("a", "c3", "not json"))
        let batch = calls.batch(startingWith: Self.asked("c1", "a"), known: [])
        #expect(batch.map(\.function.arguments) == ["{}", #"{"a":{"y":[1,2]},"z":1}"#, "not json"])
        #expect(batch.allSatisfy { $0.type == "function" && $0.function.name == "a" })
    }
}
