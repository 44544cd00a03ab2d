public import Codex
import WardenCore

/// The `usage` object of a completion: token counts of the whole request.
public struct ChatUsage: Sendable, Equatable, Encodable {
    /// Input tokens.
    public var promptTokens: Int
    /// Output tokens (reasoning included).
    public var completionTokens: Int
    /// Both.
    public var totalTokens: Int
    /// Input tokens served from the provider's cache.
    public var cachedTokens: Int
    /// Reasoning tokens.
    public var reasoningTokens: Int

    /// Creates usage from counts.
    public init(promptTokens: Int, completionTokens: Int, totalTokens: Int, cachedTokens: Int = 0, reasoningTokens: Int = 0) {
        self.promptTokens = promptTokens
        self.completionTokens = completionTokens
        self.totalTokens = totalTokens
        self.cachedTokens = cachedTokens
        self.reasoningTokens = reasoningTokens
    }

    /// The usage of a request from codex's thread totals (each request runs on a fresh thread, so
    /// the thread's totals are the request's).
    public init(_ usage: AppServerTokenUsage) {
        self.init(
            promptTokens: usage.total.inputTokens,
            completionTokens: usage.total.outputTokens,
            totalTokens: usage.total.totalTokens,
            cachedTokens: usage.total.cachedInputTokens,
            reasoningTokens: usage.total.reasoningOutputTokens
        )
    }

    /// No tokens (a turn that reported none).
    public static let zero = ChatUsage(promptTokens: 0, completionTokens: 0, totalTokens: 0)

    enum CodingKeys: String, CodingKey {
        case promptTokens = "prompt_tokens"
        case completionTokens = "completion_tokens"
        case totalTokens = "total_tokens"
        case promptDetails = "prompt_tokens_details"
        case completionDetails = "completion_tokens_details"
        case cachedTokens = "cached_tokens"
        case reasoningTokens = "reasoning_tokens"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(promptTokens, forKey: .promptTokens)
        try container.encode(completionTokens, forKey: .completionTokens)
        try container.encode(totalTokens, forKey: .totalTokens)
        var prompt = container.nestedContainer(keyedBy: CodingKeys.self, forKey: .promptDetails)
        try prompt.encode(cachedTokens, forKey: .cachedTokens)
        var completion = container.nestedContainer(keyedBy: CodingKeys.self, forKey: .completionDetails)
        try completion.encode(reasoningTokens, forKey: .reasoningTokens)
    }
}

extension ChatUsage {
    /// The run ledger's counts of the tokens spent since `baseline` (the thread's totals when a request drove the turn
    /// on after a function call; zero for a request that started it). A count that went down is taken as zero.
    func runTokens(since baseline: ChatUsage) -> RunTokens {
        RunTokens(
            input: Int64(max(0, promptTokens - baseline.promptTokens)),
            cachedInput: Int64(max(0, cachedTokens - baseline.cachedTokens)),
            output: Int64(max(0, completionTokens - baseline.completionTokens)),
            reasoning: Int64(max(0, reasoningTokens - baseline.reasoningTokens))
        )
    }
}
