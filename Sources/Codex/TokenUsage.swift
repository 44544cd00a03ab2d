/// Token counts as codex reports them in `turn.completed`.
///
/// codex's figures are cumulative for the whole thread: after a resume they include every earlier
/// turn. ``subtracting(_:)`` turns two cumulative figures into one turn's usage.
public struct TokenUsage: Sendable, Hashable, Codable {
    /// Prompt tokens, cached ones included.
    public var inputTokens: Int
    /// Prompt tokens served from the provider's cache.
    public var cachedInputTokens: Int
    /// Prompt tokens written to the provider's cache.
    public var cacheWriteInputTokens: Int
    /// Completion tokens, reasoning included.
    public var outputTokens: Int
    /// Completion tokens spent on reasoning.
    public var reasoningOutputTokens: Int

    /// No tokens.
    public static let zero = TokenUsage()

    /// Creates usage figures; every count defaults to zero.
    public init(
        inputTokens: Int = 0,
        cachedInputTokens: Int = 0,
        cacheWriteInputTokens: Int = 0,
        outputTokens: Int = 0,
        reasoningOutputTokens: Int = 0
    ) {
        self.inputTokens = inputTokens
        self.cachedInputTokens = cachedInputTokens
        self.cacheWriteInputTokens = cacheWriteInputTokens
        self.outputTokens = outputTokens
        self.reasoningOutputTokens = reasoningOutputTokens
    }

    /// Input plus output tokens.
    public var totalTokens: Int { inputTokens + outputTokens }

    /// The usage since `earlier`, for two cumulative figures of one thread.
    ///
    /// A count that went down (a compacted or replaced thread) is taken as zero rather than negative.
    /// - Parameter earlier: the cumulative figure after the previous turn.
    /// - Returns: this turn's usage.
    public func subtracting(_ earlier: TokenUsage) -> TokenUsage {
        TokenUsage(
            inputTokens: max(0, inputTokens - earlier.inputTokens),
            cachedInputTokens: max(0, cachedInputTokens - earlier.cachedInputTokens),
            cacheWriteInputTokens: max(0, cacheWriteInputTokens - earlier.cacheWriteInputTokens),
            outputTokens: max(0, outputTokens - earlier.outputTokens),
            reasoningOutputTokens: max(0, reasoningOutputTokens - earlier.reasoningOutputTokens)
        )
    }

    private enum CodingKeys: String, CodingKey {
        case inputTokens = "input_tokens"
        case cachedInputTokens = "cached_input_tokens"
        case cacheWriteInputTokens = "cache_write_input_tokens"
        case outputTokens = "output_tokens"
        case reasoningOutputTokens = "reasoning_output_tokens"
    }

    /// Decodes codex's `usage` object; absent counts (older codex versions) are zero.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        inputTokens = try container.decodeIfPresent(Int.self, forKey: .inputTokens) ?? 0
        cachedInputTokens = try container.decodeIfPresent(Int.self, forKey: .cachedInputTokens) ?? 0
        cacheWriteInputTokens = try container.decodeIfPresent(Int.self, forKey: .cacheWriteInputTokens) ?? 0
        outputTokens = try container.decodeIfPresent(Int.self, forKey: .outputTokens) ?? 0
        reasoningOutputTokens = try container.decodeIfPresent(Int.self, forKey: .reasoningOutputTokens) ?? 0
    }
}
