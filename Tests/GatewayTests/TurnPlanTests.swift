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
            name: "earlier turns are the thread's history, in order, without the instructions or tool-only answers",
            request: ChatCompletionRequest(
                model: "fast",
                messages: [
                    .init(role: "system", text: "Be brief."), .init(role: "user", text: "one"), .init(role: "assistant", content: .none),
                    .init(role: "tool", text: "three"), .init(role: "assistant", text: "two"), .init(role: "developer", text: "Plain text."),
                    .init(role: "user", content: .parts([.init(type: "text", text: "four"), .init(type: "text", text: "five")])),
                ],
                reasoningEffort: "low"
            ),
            expected: TurnPlan(
                model: "gpt-5.5", requestedModel: "fast", instructions: "Be brief.\n\nPlain text.",
                history: [
                    message("user", "input_text", "one"), message("user", "input_text", "Tool result:\nthree"),
                    message("assistant", "output_text", "two"),
                ],
                input: "four\nfive",
                outputSchema: nil, effort: "low", stream: false, includeUsage: false
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
