import Codex
import Foundation
import HTTPTypes
import Testing

@testable import Gateway

@Suite("Request to turn mapping")
struct TurnPlanTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let request: ChatCompletionRequest
        let expected: TurnPlan
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(
            name: "a lone user message is the turn's input as is",
            request: ChatCompletionRequest(model: "gpt-5.5", messages: [.init(role: "user", text: "hi")]),
            expected: TurnPlan(
                model: "gpt-5.5", requestedModel: "gpt-5.5", instructions: nil, history: [], input: "hi", outputSchema: nil, effort: nil,
                stream: false, includeUsage: false
            )
        ),
        Case(
            name: "system and developer messages become the instructions",
            request: ChatCompletionRequest(
                messages: [.init(role: "system", text: "Be brief."), .init(role: "developer", text: "No emoji."), .init(role: "user", text: "hi")],
                stream: true,
                streamOptions: .init(includeUsage: true)
            ),
            expected: TurnPlan(
                model: "default-model", requestedModel: "default-model", instructions: "Be brief.\n\nNo emoji.", history: [], input: "hi",
                outputSchema: nil, effort: nil, stream: true, includeUsage: true
            )
        ),
        Case(
            name: "earlier turns are the thread's history, in order, without the instructions; calls and results as items",
            request: ChatCompletionRequest(
                model: "fast",
                messages: [
                    .init(role: "system", text: "Be brief."), .init(role: "user", text: "one"),
                    .init(role: "assistant", content: .none, toolCalls: [.init(id: "call_1", name: "f", arguments: "{}")]),
                    .init(role: "tool", content: .text("three"), toolCallID: "call_1"), .init(role: "assistant", text: "two"),
                    .init(role: "developer", text: "Plain text."),
                    .init(role: "user", content: .parts([.init(type: "text", text: "four"), .init(type: "text", text: "five")])),
                ],
                reasoningEffort: "low"
            ),
            expected: TurnPlan(
                model: "gpt-5.5", requestedModel: "fast", instructions: "Be brief.\n\nPlain text.",
                history: [
                    message("user", "input_text", "one"), call("call_1", "f", "{}"), output("call_1", "three"),
                    message("assistant", "output_text", "two"),
                ],
                input: "four\nfive",
                outputSchema: nil, effort: "low", stream: false, includeUsage: false
            )
        ),
        Case(
            name: "a request ending with tool results continues without input; the results close the history",
            request: ChatCompletionRequest(
                messages: [
                    .init(role: "user", text: "weather?"),
                    .init(
                        role: "assistant", content: .text("Looking."),
                        toolCalls: [.init(id: "call_a", name: "w", arguments: #"{"c":"P"}"#), .init(id: "call_b", name: "t", arguments: "{}")]
                    ),
                    .init(role: "tool", content: .text("sun"), toolCallID: "call_a"),
                    .init(role: "tool", content: .parts([.init(type: "text", text: "noon")]), toolCallID: "call_b"),
                ],
                tools: [.init(function: .init(name: "w")), .init(function: .init(name: "t"))]
            ),
            expected: TurnPlan(
                model: "default-model", requestedModel: "default-model", instructions: nil,
                history: [
                    message("user", "input_text", "weather?"), message("assistant", "output_text", "Looking."), call("call_a", "w", #"{"c":"P"}"#),
                    call("call_b", "t", "{}"), output("call_a", "sun"), output("call_b", "noon"),
                ],
                input: nil, outputSchema: nil, effort: nil, stream: false, includeUsage: false,
                dynamicTools: [ToolOfferTests.spec("w"), ToolOfferTests.spec("t")],
                toolResults: [.init(callID: "call_a", output: "sun"), .init(callID: "call_b", output: "noon")]
            )
        ),
        Case(
            name: "a JSON schema response format is the turn's output schema",
            request: ChatCompletionRequest(
                messages: [.init(role: "user", text: "json")],
                responseFormat: .init(type: "json_schema", jsonSchema: .init(name: "answer", schema: .object(["type": .string("object")])))
            ),
            expected: TurnPlan(
                model: "default-model", requestedModel: "default-model", instructions: nil, history: [], input: "json",
                outputSchema: .object(["type": .string("object")]), effort: nil, stream: false, includeUsage: false
            )
        ),
    ]

    /// A Responses API `function_call` item.
    static func call(_ id: String, _ name: String, _ arguments: String) -> JSONValue {
        .object(["type": .string("function_call"), "call_id": .string(id), "name": .string(name), "arguments": .string(arguments)])
    }

    /// A Responses API `function_call_output` item.
    static func output(_ id: String, _ text: String) -> JSONValue {
        .object(["type": .string("function_call_output"), "call_id": .string(id), "output": .string(text)])
    }

    /// A Responses API message item of one text part.
    static func message(_ role: String, _ partType: String, _ text: String) -> JSONValue {
        .object(["type": .string("message"), "role": .string(role), "content": .array([.object(["type": .string(partType), "text": .string(text)])])])
    }

    @Test("maps a request onto a thread and one turn", arguments: cases)
    func maps(_ row: Case) throws {
        let plan = try TurnPlan.make(from: row.request, aliases: ["fast": "gpt-5.5"], defaultModel: "default-model")
        #expect(plan == row.expected)
    }

    struct Refusal: Sendable, CustomTestStringConvertible {
        let name: String
        let request: ChatCompletionRequest
        let param: String
        let status: Int
        var testDescription: String { name }
    }

    static let refusals: [Refusal] = [
        Refusal(name: "n above one", request: .init(messages: [.init(role: "user", text: "x")], n: 2), param: "n", status: 400),
        Refusal(name: "n of zero", request: .init(messages: [.init(role: "user", text: "x")], n: 0), param: "n", status: 400),
        Refusal(
            name: "an image part",
            request: .init(messages: [.init(role: "user", content: .parts([.init(type: "text", text: "a"), .init(type: "image_url")]))]),
            param: "messages[0].content[1]", status: 400
        ),
        Refusal(name: "no messages", request: .init(messages: []), param: "messages", status: 400),
        Refusal(name: "an unknown role", request: .init(messages: [.init(role: "wizard", text: "x")]), param: "messages[0].role", status: 400),
        Refusal(
            name: "an assistant message last",
            request: .init(messages: [.init(role: "user", text: "x"), .init(role: "assistant", text: "y")]), param: "messages", status: 400
        ),
        Refusal(
            name: "a tool result whose tool_call_id matches no call",
            request: .init(messages: [
                .init(role: "user", text: "x"), .init(role: "assistant", content: .none, toolCalls: [.init(id: "call_1", name: "f", arguments: "{}")]),
                .init(role: "tool", content: .text("r"), toolCallID: "call_2"),
            ]),
            param: "messages", status: 400
        ),
        Refusal(
            name: "a tool result without tool_call_id",
            request: .init(messages: [.init(role: "user", text: "x"), .init(role: "tool", text: "r")]), param: "messages", status: 400
        ),
        Refusal(
            name: "tool results that do not follow the calling assistant message",
            request: .init(messages: [
                .init(role: "user", text: "x"), .init(role: "assistant", content: .none, toolCalls: [.init(id: "call_1", name: "f", arguments: "{}")]),
                .init(role: "tool", content: .text("r"), toolCallID: "call_1"), .init(role: "user", text: "y"),
                .init(role: "tool", content: .text("r"), toolCallID: "call_1"),
            ]),
            param: "messages", status: 400
        ),
        Refusal(
            name: "a refused tool_choice",
            request: .init(messages: [.init(role: "user", text: "x")], tools: [.init(function: .init(name: "f"))], toolChoice: .mode("required")),
            param: "tool_choice", status: 400
        ),
        Refusal(
            name: "a refused tool",
            request: .init(messages: [.init(role: "user", text: "x")], tools: [.init(type: "web_search", function: nil)]), param: "tools",
            status: 400
        ),
        Refusal(
            name: "a schema format without a schema",
            request: .init(messages: [.init(role: "user", text: "x")], responseFormat: .init(type: "json_schema")), param: "response_format",
            status: 400
        ),
    ]

    @Test("refuses what codex cannot do, naming the parameter", arguments: refusals)
    func refuses(_ row: Refusal) {
        #expect {
            _ = try TurnPlan.make(from: row.request, aliases: [:], defaultModel: "m")
        } throws: { error in
            guard let error = error as? GatewayError else { return false }
            return error.param == row.param && error.status.code == row.status && error.type == "invalid_request_error"
        }
    }

    @Test(
        "a client may choose only the models and efforts the operator allowed",
        arguments: [
            (ChatCompletionRequest(model: "fast", messages: [.init(role: "user", text: "x")]), 0),
            (ChatCompletionRequest(model: "gpt-5.5", messages: [.init(role: "user", text: "x")], reasoningEffort: "low"), 0),
            (ChatCompletionRequest(messages: [.init(role: "user", text: "x")]), 0),
            (ChatCompletionRequest(model: "gpt-6-astra", messages: [.init(role: "user", text: "x")]), 404),
            (ChatCompletionRequest(model: "gpt-5.5", messages: [.init(role: "user", text: "x")], reasoningEffort: "xhigh"), 400),
        ]
    )
    func allowList(request: ChatCompletionRequest, status: Int) {
        let settings = ChatGatewaySettings(modelAliases: ["fast": "gpt-5.5-mini"], models: ["gpt-5.5"])
        let allowed = AllowedChoices(settings: settings, defaultModel: "gpt-5.5")
        #expect(allowed.models == ["gpt-5.5", "gpt-5.5-mini"])
        let result = Result { () throws(GatewayError) in try TurnPlan.make(from: request, aliases: settings.modelAliases, defaultModel: "gpt-5.5", allowed: allowed) }
        switch result {
        case .success: #expect(status == 0)
        case .failure(let error):
            #expect(Int(error.status.code) == status)
            #expect(error.param == (status == 400 ? "reasoning_effort" : error.param))
        }
    }

    @Test("gateway.allowed_models replaces the configured models")
    func explicitAllowList() {
        let allowed = AllowedChoices(settings: ChatGatewaySettings(models: ["a"], allowedModels: ["b"]), defaultModel: "c")
        #expect(allowed.models == ["b"])
    }

    @Test("accepts and ignores members it does not use")
    func lenientDecoding() throws {
        let body = """
            {"model":"m","messages":[{"role":"user","content":"hi","name":"me"}],"temperature":0.2,"user":"u",
             "stream":true,"stream_options":{"include_usage":false,"include_obfuscation":true},"max_tokens":5,"tools":[]}
            """
        let request = try JSONDecoder().decode(ChatCompletionRequest.self, from: Data(body.utf8))
        let plan = try TurnPlan.make(from: request, aliases: [:], defaultModel: "x")
        #expect(plan.input == "hi" && plan.stream && !plan.includeUsage)
    }
}
