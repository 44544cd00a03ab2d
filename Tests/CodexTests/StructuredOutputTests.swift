import Testing

@testable import Codex

struct Verdict: StructuredOutput, Equatable {
    static let jsonSchema = #"{"type":"object","properties":{"score":{"type":"integer"}},"required":["score"],"additionalProperties":false}"#

    struct OutOfRange: Error {}

    let score: Int

    func validate() throws {
        guard (0...10).contains(score) else { throw OutOfRange() }
    }
}

@Suite("StructuredOutput")
struct StructuredOutputTests {
    @Test("decodes and validates a final message")
    func decodes() throws {
        #expect(try Verdict.decode(finalMessage: #"{"score":7}"#) == Verdict(score: 7))
    }

    @Test(
        "rejects answers that are not the type or do not validate",
        arguments: ["not json at all", "", #"{"score":"7"}"#, #"{"points":7}"#, #"{"score":11}"#, "[7]"]
    )
    func rejects(_ text: String) {
        #expect {
            try Verdict.decode(finalMessage: text)
        } throws: { error in
            (error as? CodexError)?.metricLabel == "invalid_output"
        }
    }
}
