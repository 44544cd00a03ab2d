/// What a model's tokens cost, in US dollars per million tokens: one `[[costs.models]]` entry.
public struct ModelPrice: Sendable, Hashable {
    /// The model name as codex reports it (`codex.model`, a gateway request's model).
    public var model: String
    /// Uncached input tokens.
    public var input: Double
    /// Cached input tokens.
    public var cachedInput: Double
    /// Output tokens, reasoning included.
    public var output: Double

    /// Creates a price.
    public init(model: String, input: Double, cachedInput: Double, output: Double) {
        self.model = model
        self.input = input
        self.cachedInput = cachedInput
        self.output = output
    }

    /// The cost of `tokens` at this price, in US dollars.
    ///
    /// Cached input is part of input, and reasoning part of output (as codex reports them): uncached input is
    /// `input - cachedInput`, and reasoning is not charged on top of output.
    public func cost(of tokens: RunTokens) -> Double {
        let uncached = max(0, tokens.input - tokens.cachedInput)
        return (Double(uncached) * input + Double(tokens.cachedInput) * cachedInput + Double(tokens.output) * output) / 1_000_000
    }
}

/// The prices an operator configured, by model; none are shipped, so a model without one has an unknown cost.
public struct PriceTable: Sendable, Hashable {
    /// The prices by model name.
    public let prices: [String: ModelPrice]

    /// A table of `prices`; a later entry for the same model wins.
    public init(_ prices: [ModelPrice] = []) {
        self.prices = Dictionary(prices.map { ($0.model, $0) }, uniquingKeysWith: { _, last in last })
    }

    /// The cost of `tokens` run on `model`, or `nil` when the model has no price.
    public func cost(of tokens: RunTokens, model: String) -> Double? {
        prices[model]?.cost(of: tokens)
    }

    /// The cost of several runs: `nil` when any of them has no price (a partial sum would understate it).
    public func cost(of runs: some Sequence<(model: String, tokens: RunTokens)>) -> Double? {
        var total = 0.0
        for run in runs {
            guard let cost = cost(of: run.tokens, model: run.model) else { return nil }
            total += cost
        }
        return total
    }
}
