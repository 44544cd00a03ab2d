import Foundation
import Testing

@testable import Gateway

@Suite("SSE chunk encoder")
struct ChatStreamEncoderTests {
    static let usage = ChatUsage(promptTokens: 3, completionTokens: 2, totalTokens: 5)

    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let includeUsage: Bool
        let frame: @Sendable (ChatStreamEncoder) -> String?
        let expected: String?
        var testDescription: String { name }
    }

    static let prefix = #"data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":7,"model":"m","system_fingerprint":null,"#

    static let cases: [Case] = [
        Case(
            name: "the first chunk carries the role", includeUsage: false, frame: { $0.roleFrame() },
            expected: prefix + #""choices":[{"index":0,"delta":{"role":"assistant","content":""},"logprobs":null,"finish_reason":null}]}"# + "\n\n"
        ),
        Case(
            name: "a content chunk carries only the text", includeUsage: false, frame: { $0.contentFrame("a/b \"c\"") },
            expected: prefix + #""choices":[{"index":0,"delta":{"content":"a/b \"c\""},"logprobs":null,"finish_reason":null}]}"# + "\n\n"
        ),
        Case(
            name: "chunks carry a null usage when usage was asked for", includeUsage: true, frame: { $0.contentFrame("x") },
            expected: prefix + #""choices":[{"index":0,"delta":{"content":"x"},"logprobs":null,"finish_reason":null}],"usage":null}"# + "\n\n"
        ),
        Case(
            name: "the final chunk has an empty delta and the reason", includeUsage: false, frame: { $0.finishFrame("stop") },
            expected: prefix + #""choices":[{"index":0,"delta":{},"logprobs":null,"finish_reason":"stop"}]}"# + "\n\n"
        ),
        Case(
            name: "the usage chunk has no choices", includeUsage: true, frame: { $0.usageFrame(ChatStreamEncoderTests.usage) },
            expected: prefix
                + #""choices":[],"usage":{"prompt_tokens":3,"completion_tokens":2,"total_tokens":5,"prompt_tokens_details":{"cached_tokens":0},"completion_tokens_details":{"reasoning_tokens":0}}}"#
                + "\n\n"
        ),
        Case(
            name: "a call's first chunk carries its index, id, type and name with empty arguments", includeUsage: false,
            frame: { $0.toolCallFrames([.init(id: "call_1", name: "f", arguments: "{}")], firstIndex: 1).first },
            expected: prefix
                + #""choices":[{"index":0,"delta":{"tool_calls":[{"index":1,"id":"call_1","type":"function","function":{"name":"f","arguments":""}}]},"logprobs":null,"finish_reason":null}]}"#
                + "\n\n"
        ),
        Case(
            name: "the next chunks carry the index and an arguments fragment", includeUsage: false,
            frame: { $0.toolCallFrames([.init(id: "call_1", name: "f", arguments: #"{"a":1}"#)]).last },
            expected: prefix
                + #""choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"{\"a\":1}"}}]},"logprobs":null,"finish_reason":null}]}"#
                + "\n\n"
        ),
        Case(name: "no usage chunk unless asked", includeUsage: false, frame: { $0.usageFrame(ChatStreamEncoderTests.usage) }, expected: nil),
    ]

    @Test("formats each frame exactly", arguments: cases)
    func frames(_ row: Case) throws {
        let encoder = ChatStreamEncoder(id: "chatcmpl-1", created: 7, model: "m", includeUsage: row.includeUsage)
        let frame = row.frame(encoder)
        guard let expected = row.expected else {
            #expect(frame == nil)
            return
        }
        // Key order is not fixed by JSONEncoder: compare the decoded objects.
        let decodedFrame = try JSONSerialization.jsonObject(with: Data(try #require(frame).dropFirst(6).utf8)) as? NSDictionary
        let decodedExpected = try JSONSerialization.jsonObject(with: Data(expected.dropFirst(6).utf8)) as? NSDictionary
        #expect(decodedFrame == decodedExpected)
        #expect(frame?.hasSuffix("\n\n") == true)
    }

    @Test("ends with the final chunk, the usage chunk when asked, then [DONE]")
    func endOrder() {
        let asked = ChatStreamEncoder(id: "i", created: 1, model: "m", includeUsage: true).endFrames(finishReason: "stop", usage: Self.usage)
        #expect(asked.count == 3 && asked[0].contains("\"finish_reason\":\"stop\"") && asked[1].contains("\"choices\":[]"))
        #expect(asked.last == "data: [DONE]\n\n")
        let plain = ChatStreamEncoder(id: "i", created: 1, model: "m", includeUsage: false).endFrames(finishReason: "stop", usage: Self.usage)
        #expect(plain.count == 2 && plain.last == "data: [DONE]\n\n")
    }

    struct CallsCase: Sendable, CustomTestStringConvertible {
        let name: String
        let calls: [ChatToolCall]
        /// Per frame: the call index and, on a call's first frame, its id; else the arguments fragment.
        let expected: [(index: Int, id: String?, arguments: String)]
        var testDescription: String { name }
    }

    static let long = String(repeating: "x", count: ChatStreamEncoder.argumentsFragmentLength + 10)

    static let callsCases: [CallsCase] = [
        CallsCase(name: "one call: its head, then its arguments", calls: [.init(id: "c1", name: "f", arguments: "{}")],
                  expected: [(0, "c1", ""), (0, nil, "{}")]),
        CallsCase(name: "empty arguments send only the head", calls: [.init(id: "c1", name: "f", arguments: "")], expected: [(0, "c1", "")]),
        CallsCase(
            name: "parallel calls are numbered 0, 1, … in order",
            calls: [.init(id: "c1", name: "f", arguments: "{}"), .init(id: "c2", name: "g", arguments: "[]")],
            expected: [(0, "c1", ""), (0, nil, "{}"), (1, "c2", ""), (1, nil, "[]")]
        ),
        CallsCase(
            name: "long arguments come in fragments that join to the whole", calls: [.init(id: "c1", name: "f", arguments: long)],
            expected: [(0, "c1", ""), (0, nil, String(long.prefix(ChatStreamEncoder.argumentsFragmentLength))), (0, nil, String(repeating: "x", count: 10))]
        ),
    ]

    @Test("streams function calls as OpenAI does", arguments: callsCases)
    func callFrames(_ row: CallsCase) throws {
        let frames = ChatStreamEncoder(id: "i", created: 1, model: "m", includeUsage: false).toolCallFrames(row.calls)
        #expect(frames.count == row.expected.count)
        for (frame, expected) in zip(frames, row.expected) {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(frame.dropFirst(6).utf8)) as? [String: Any])
            let delta = try #require(((object["choices"] as? [[String: Any]])?.first?["delta"]) as? [String: Any])
            let piece = try #require((delta["tool_calls"] as? [[String: Any]])?.first)
            #expect(piece["index"] as? Int == expected.index)
            #expect(piece["id"] as? String == expected.id)
            #expect((piece["type"] as? String) == (expected.id == nil ? nil : "function"))
            #expect((piece["function"] as? [String: Any])?["arguments"] as? String == expected.arguments)
        }
    }

    @Test("an error frame has the OpenAI error shape")
    func errorFrame() throws {
        let frame = ChatStreamEncoder.errorFrame(.workerFailed)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(frame.dropFirst(6).utf8)) as? [String: [String: Any]])
        #expect(object["error"]?["code"] as? String == "worker_failed")
        #expect(object["error"]?["type"] as? String == "server_error")
        #expect(object["error"]?.keys.contains("param") == true)
    }
}
