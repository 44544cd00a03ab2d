import Testing

@testable import Codex

@Suite("TokenUsage")
struct TokenUsageTests {
    @Test(
        "computes a turn's usage from two cumulative figures",
        arguments: [
            (
                TokenUsage(inputTokens: 200, cachedInputTokens: 40, outputTokens: 14, reasoningOutputTokens: 6),
                TokenUsage(inputTokens: 100, cachedInputTokens: 20, outputTokens: 7, reasoningOutputTokens: 3),
                TokenUsage(inputTokens: 100, cachedInputTokens: 20, outputTokens: 7, reasoningOutputTokens: 3)
            ),
            (TokenUsage(inputTokens: 100, outputTokens: 7), TokenUsage.zero, TokenUsage(inputTokens: 100, outputTokens: 7)),
            (TokenUsage(inputTokens: 50, outputTokens: 5), TokenUsage(inputTokens: 100, outputTokens: 7), TokenUsage.zero),
        ]
    )
    func subtracts(_ total: TokenUsage, _ previous: TokenUsage, _ turn: TokenUsage) {
        #expect(total.subtracting(previous) == turn)
    }

    @Test("adds input and output for the total")
    func total() {
        #expect(TokenUsage(inputTokens: 100, cachedInputTokens: 20, outputTokens: 7).totalTokens == 107)
    }
}
