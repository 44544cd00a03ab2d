import Foundation
import Testing
import WardenTestSupport

/// Client functions (`tools`) end to end: the built `warden gateway`, the real codex app-server with the functions as
/// dynamic tools, the scripted model calling them, and the official `openai` client and LangChain's `ChatOpenAI`.
@Suite("Chat gateway function calling", .serialized)
struct GatewayFunctionCallingTests {
    /// The model's side of `tools.py`, one turn per model request, in order.
    static let script: [ModelTurn] = [
        .functionCall(name: "get_weather", arguments: #"{"city":"Paris"}"#, callID: "call_paris"),
        .message("Paris: {{last_tool_output}}"),
        .functionCall(name: "get_weather", arguments: #"{"city":"Oslo"}"#, callID: "call_oslo"),
        .message("Oslo: {{last_tool_output}}", deltas: 3),
        .items([
            .functionCall(name: "get_weather", arguments: #"{"city":"Rome"}"#, callID: "call_rome"),
            .functionCall(name: "get_time", arguments: "{}", callID: "call_time"),
        ]),
        .message("Rome and time: {{last_tool_output}}"),
        .items([
            .functionCall(name: "get_weather", arguments: #"{"city":"Lima"}"#, callID: "call_lima"),
            .functionCall(name: "get_time", arguments: #"{"zone": "UTC"}"#, callID: "call_utc"),
        ]),
        .message("Lima and time: {{last_tool_output}}", deltas: 2),
        .items([
            .functionCall(name: "get_weather", arguments: #"{"city":"Kyiv"}"#, callID: "call_kyiv"),
            .functionCall(name: "get_weather", arguments: #"{"city":"Lviv"}"#, callID: "call_lviv"),
        ]),
        .message("Both cities: {{last_tool_output}}"),
        .message("No tools used."),
    ]

    @Test("calls come back as tool_calls, results continue the turn, and the model sees calls and outputs as items")
    func openAIClient() async throws {
        try await GatewayHarness.with(script: Self.script, defaultTurn: .message("unexpected request")) { gateway in
            let report = try await gateway.runPython("tools.py")
            let requests = await gateway.model.requests.filter { $0.method == "POST" && $0.path.hasSuffix("/responses") }

            // Non-streamed: the call, then the answer after its result.
            let plainCall = try #require(report["plain_call"] as? [String: Any])
            #expect(plainCall["finish_reason"] as? String == "tool_calls")
            #expect(plainCall["content"] is NSNull)
            let paris = try #require((plainCall["calls"] as? [[String: Any]])?.first)
            #expect(paris["id"] as? String == "call_paris" && paris["type"] as? String == "function" && paris["name"] as? String == "get_weather")
            #expect(paris["arguments"] as? String == #"{"city":"Paris"}"#)
            let plainAnswer = try #require(report["plain_answer"] as? [String: Any])
            #expect(plainAnswer["finish_reason"] as? String == "stop")
            #expect(plainAnswer["content"] as? String == "Paris: sunny, 21 C")
            #expect(plainAnswer["total_tokens"] as? Int == 214, "usage counts both model requests of the exchange")
            let afterParis = try #require(requests.first { $0.functionOutput(callID: "call_paris") != nil })
            #expect(afterParis.functionCalls == [.init(callID: "call_paris", name: "get_weather", arguments: #"{"city":"Paris"}"#)])
            #expect(afterParis.functionOutput(callID: "call_paris") == "sunny, 21 C")
            #expect(requests.first?.toolNames.isSuperset(of: ["get_weather", "get_time"]) == true, "the functions are offered")

            // Streamed: a first delta with index, id, type and name, then the arguments, then the finish chunk.
            let streamedCall = try #require(report["streamed_call"] as? [String: Any])
            #expect(streamedCall["finish_reasons"] as? [String] == ["tool_calls"])
            let deltas = try #require(streamedCall["deltas"] as? [[String: Any]])
            let head = try #require(deltas.first)
            #expect(head["index"] as? Int == 0 && head["id"] as? String == "call_oslo" && head["type"] as? String == "function")
            #expect((head["function"] as? [String: Any])?["name"] as? String == "get_weather")
            #expect((head["function"] as? [String: Any])?["arguments"] as? String == "")
            #expect(deltas.dropFirst().allSatisfy { $0["id"] == nil && $0["index"] as? Int == 0 })
            let oslo = try #require((streamedCall["calls"] as? [[String: Any]])?.first)
            #expect(oslo["arguments"] as? String == #"{"city":"Oslo"}"#)
            let streamedAnswer = try #require(report["streamed_answer"] as? [String: Any])
            #expect(streamedAnswer["content"] as? String == "Oslo: snow, -3 C")
            #expect(streamedAnswer["finish_reasons"] as? [String] == ["stop"])
            let afterOslo = try #require(requests.first { $0.functionOutput(callID: "call_oslo") != nil })
            #expect(afterOslo.functionCalls.map(\.callID) == ["call_oslo"], "each conversation has a thread of its own")
            #expect(afterOslo.functionOutput(callID: "call_oslo") == "snow, -3 C")

            // Two calls in one model response come back together in one answer, in the model's order (codex asks for
            // the second only once the first has its result: the gateway answers it from the client's second result);
            // both results reach the model in its next request.
            let rounds = try #require(report["parallel_rounds"] as? [[String: Any]])
            try #require(rounds.count == 1, "\(rounds)")
            #expect(rounds[0]["finish_reason"] as? String == "tool_calls")
            let parallel = try #require(rounds[0]["calls"] as? [[String: Any]])
            #expect(parallel.map { $0["id"] as? String } == ["call_rome", "call_time"])
            #expect(parallel.map { $0["name"] as? String } == ["get_weather", "get_time"])
            #expect(parallel.map { $0["arguments"] as? String } == [#"{"city":"Rome"}"#, "{}"])
            let parallelAnswer = try #require(report["parallel_answer"] as? [String: Any])
            #expect(parallelAnswer["content"] as? String == "Rome and time: result of get_time")
            let afterBoth = try #require(requests.first { $0.functionOutput(callID: "call_time") != nil })
            #expect(afterBoth.functionCalls.map(\.callID) == ["call_rome", "call_time"])
            #expect(afterBoth.functionOutput(callID: "call_rome") == "result of get_weather")
            #expect(afterBoth.functionOutput(callID: "call_time") == "result of get_time")

            // Streamed, the same: two calls with indexes 0 and 1, each announced with its id and name first.
            let streamedParallel = try #require(report["streamed_parallel"] as? [String: Any])
            #expect(streamedParallel["finish_reasons"] as? [String] == ["tool_calls"])
            let streamedCalls = try #require(streamedParallel["calls"] as? [[String: Any]])
            #expect(streamedCalls.map { $0["id"] as? String } == ["call_lima", "call_utc"])
            #expect(streamedCalls.map { $0["arguments"] as? String } == [#"{"city":"Lima"}"#, #"{"zone":"UTC"}"#])
            let heads = try #require(streamedParallel["deltas"] as? [[String: Any]]).filter { $0["id"] != nil }
            #expect(heads.map { $0["index"] as? Int } == [0, 1])
            let streamedParallelAnswer = try #require(report["streamed_parallel_answer"] as? [String: Any])
            #expect(streamedParallelAnswer["content"] as? String == "Lima and time: result of get_time")
            let afterLima = try #require(requests.first { $0.functionOutput(callID: "call_utc") != nil })
            #expect(afterLima.functionOutput(callID: "call_lima") == "result of get_weather")

            // A client that answers only the first of two calls gets the second back on its own; its result ends it.
            let partial = try #require(report["partial"] as? [[String: Any]])
            #expect(partial.map { $0["finish_reason"] as? String } == ["tool_calls", "tool_calls", "stop"])
            #expect(partial.prefix(2).map { ($0["calls"] as? [[String: Any]])?.map { $0["id"] as? String } } == [["call_kyiv", "call_lviv"], ["call_lviv"]])
            #expect(partial.last?["content"] as? String == "Both cities: result of call_lviv")

            // tool_choice none: the functions are not offered at all.
            let none = try #require(report["none"] as? [String: Any])
            #expect(none["content"] as? String == "No tools used.")
            let last = try #require(requests.last)
            #expect(last.toolNames.isDisjoint(with: ["get_weather", "get_time"]), "\(last.toolNames)")
            #expect(requests.count == Self.script.count, "every request was answered by its scripted turn")

            // Refusals, each naming the parameter at fault.
            for (key, param) in [
                ("required", "tool_choice"), ("named", "tool_choice"), ("custom", "tools"), ("codex_name", "tools"),
                ("unknown_call", "messages"),
            ] {
                let refused = try #require(report[key] as? [String: Any], "\(key)")
                #expect(refused["raised"] as? String == "BadRequestError", "\(key): \(refused)")
                #expect(refused["param"] as? String == param, "\(key): \(refused)")
            }

            let (_, metrics) = try await gateway.get("/metrics")
            #expect(metrics.contains("warden_gateway_tool_calls_total 9"), "\(metrics)")
            #expect(metrics.contains("warden_gateway_active_turns 0"), "\(metrics)")
        }
    }

    @Test("a LangChain agent loop (bind_tools and ToolMessage) completes a two-step task")
    func langChainLoop() async throws {
        let script: [ModelTurn] = [
            .functionCall(name: "add", arguments: #"{"a":2,"b":3}"#, callID: "call_add"),
            .functionCall(name: "multiply", arguments: #"{"a":5,"b":4}"#, callID: "call_multiply"),
            .message("The answer is {{last_tool_output}}."),
        ]
        try await GatewayHarness.with(script: script, defaultTurn: .message("unexpected request")) { gateway in
            let report = try await gateway.runPython("langchain_loop.py")
            let steps = try #require(report["steps"] as? [[String: Any]])
            #expect(steps.map { $0["name"] as? String } == ["add", "multiply"])
            #expect(steps.map { $0["result"] as? Int } == [5, 20])
            #expect(report["answer"] as? String == "The answer is 20.")
            let requests = await gateway.model.requests.filter { $0.method == "POST" && $0.path.hasSuffix("/responses") }
            #expect(requests.count == 3)
            #expect(requests.last?.functionCalls.map(\.name) == ["add", "multiply"])
            #expect(requests.last?.functionOutput(callID: "call_multiply") == "20")
        }
    }

    @Test("a client that never sends the result releases the turn, its slot and its thread; a late result starts afresh")
    func abandonedCall() async throws {
        let script: [ModelTurn] = [
            .functionCall(name: "get_weather", arguments: #"{"city":"Paris"}"#, callID: "call_late"),
            .message("Late: {{last_tool_output}}"),
        ]
        let environment = ["WARDEN_GATEWAY_TOOL_RESULT_TIMEOUT": "2s", "WARDEN_GATEWAY_MAX_CONCURRENT_TURNS": "1"]
        try await GatewayHarness.with(script: script, defaultTurn: .message("unexpected request"), environment: environment) { gateway in
            let report = try await gateway.runPython("abandon.py")
            #expect(report["finish_reason"] as? String == "tool_calls")
            #expect(report["active_while_waiting"] as? Double == 1, "the waiting turn holds its slot")
            #expect(report["active_after"] as? Double == 0)
            #expect(report["abandoned"] as? Double == 1)
            #expect(gateway.log.contains("no function result came for a waiting gateway turn"))
            #expect(!gateway.log.contains("turn/interrupt failed"), "codex accepted the interruption of the waiting turn")
            #expect(gateway.logged("released a gateway thread").count >= 1)
            // The late result: a fresh thread whose history holds the call and its output, in the one slot.
            #expect(report["late_answer"] as? String == "Late: rain, 12 C")
            #expect(report["active_at_end"] as? Double == 0)
            let requests = await gateway.model.requests.filter { $0.method == "POST" && $0.path.hasSuffix("/responses") }
            #expect(requests.count == 2)
            #expect(requests.last?.functionCalls == [.init(callID: "call_late", name: "get_weather", arguments: #"{"city":"Paris"}"#)])
            #expect(requests.last?.functionOutput(callID: "call_late") == "rain, 12 C")
        }
    }
}
