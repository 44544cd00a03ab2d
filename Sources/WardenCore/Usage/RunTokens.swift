/// The tokens of one Codex run, or a sum of runs, by kind.
///
/// As codex reports them (and as the Responses API counts), `input` includes `cachedInput` and `output` includes
/// `reasoning`: prices apply to uncached input, cached input and output, and reasoning is never charged twice.
public struct RunTokens: Sendable, Hashable, Codable {
    /// Prompt tokens, cached ones included.
    public var input: Int64
    /// Prompt tokens served from the provider's cache.
    public var cachedInput: Int64
    /// Completion tokens, reasoning included.
    public var output: Int64
    /// Completion tokens spent on reasoning (part of ``output``).
    public var reasoning: Int64

    /// No tokens.
    public static let zero = RunTokens()

    /// Creates counts; every count defaults to zero.
    public init(input: Int64 = 0, cachedInput: Int64 = 0, output: Int64 = 0, reasoning: Int64 = 0) {
        self.input = input
        self.cachedInput = cachedInput
        self.output = output
        self.reasoning = reasoning
    }

    /// Input plus output tokens.
    public var total: Int64 { input + output }

    /// The counts by kind, with the label `warden_codex_tokens_total` and `warden usage --json` use for each.
    public var byKind: [(kind: String, count: Int64)] {
        [("input", input), ("cached_input", cachedInput), ("output", output), ("reasoning", reasoning)]
    }

    /// The sum of two counts.
    public static func + (lhs: Self, rhs: Self) -> Self {
        RunTokens(
            input: lhs.input + rhs.input,
            cachedInput: lhs.cachedInput + rhs.cachedInput,
            output: lhs.output + rhs.output,
            reasoning: lhs.reasoning + rhs.reasoning
        )
    }

    private enum CodingKeys: String, CodingKey {
        case input
        case cachedInput = "cached_input"
        case output
        case reasoning
    }
}
