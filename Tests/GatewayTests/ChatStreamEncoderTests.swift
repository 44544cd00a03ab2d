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

    @Test("an error frame has the OpenAI error shape")
    func errorFrame() throws {
        let frame = ChatStreamEncoder.errorFrame(.workerFailed)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(frame.dropFirst(6).utf8)) as? [String: [String: Any]])
        #expect(object["error"]?["code"] as? String == "worker_failed")
        #expect(object["error"]?["type"] as? String == "server_error")
        #expect(object["error"]?.keys.contains("param") == true)
    }
}
