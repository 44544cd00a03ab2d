/// Prices and monthly budgets: the `[costs]` section.
public struct CostSettings: Sendable, Hashable {
    /// The `[costs]` settings, declared once.
    public enum Registry {
        /// The accepted form of `costs.models`.
        static let modelsForm = "[[costs.models]] tables with name, input, cached_input and output (USD per million tokens); "
            + "in the variable `name=input/cached_input/output` entries separated by commas"

        /// `costs.models`.
        public static let models = Setting(
            "costs.models", "WARDEN_COSTS_MODELS",
            SettingType(form: modelsForm, decode: { input throws(ConfigurationError) in
                try ModelPriceGrammar.prices(input, form: modelsForm)
            }, render: { ModelPriceGrammar.render($0) }),
            default: [], defaultDescription: "none (costs are unknown)",
            doc: "Price of each model in US dollars per million tokens (`input` uncached, `cached_input`, `output` with reasoning "
                + "included); none are shipped. A run on a model without a price has an unknown cost."
        )
        /// `costs.monthly_budget_usd.review`.
        public static let reviewBudget = budget(.review, doc: "reviews and follow-ups: the review worker claims no new job")
        /// `costs.monthly_budget_usd.remediation`.
        public static let remediationBudget = budget(.remediation, doc: "remediation: `warden remediate` starts no further finding")
        /// `costs.monthly_budget_usd.gateway`.
        public static let gatewayBudget = budget(.gateway, doc: "the chat gateway: new requests get 429")

        private static func budget(_ system: BudgetSystem, doc: String) -> Setting<Double?> {
            Setting(
                "costs.monthly_budget_usd.\(system.rawValue)", "WARDEN_COSTS_MONTHLY_BUDGET_USD_\(system.rawValue.uppercased())",
                .number(0...1_000_000_000), defaultDescription: "none",
                doc: "Monthly budget (UTC calendar month, US dollars) of \(doc) once the month's priced runs cost this much."
            )
        }

        /// Every `[costs]` setting.
        public static let all: [any AnySetting] = [models, reviewBudget, remediationBudget, gatewayBudget]
    }

    /// The prices by model.
    public var prices: PriceTable
    /// The monthly budget of each system that has one, in US dollars.
    public var monthlyBudgets: [BudgetSystem: Double]

    /// Creates settings.
    public init(prices: PriceTable = PriceTable(), monthlyBudgets: [BudgetSystem: Double] = [:]) {
        self.prices = prices
        self.monthlyBudgets = monthlyBudgets
    }

    /// Reads the `[costs]` settings.
    /// - Throws: ``ConfigurationError`` naming the key or variable whose value is not accepted.
    public init(from values: ConfigurationValues) throws(ConfigurationError) {
        var budgets: [BudgetSystem: Double] = [:]
        budgets[.review] = try values.value(Registry.reviewBudget)
        budgets[.remediation] = try values.value(Registry.remediationBudget)
        budgets[.gateway] = try values.value(Registry.gatewayBudget)
        self.init(prices: PriceTable(try values.value(Registry.models)), monthlyBudgets: budgets)
    }
}
