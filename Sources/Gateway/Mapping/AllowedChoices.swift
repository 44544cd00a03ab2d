/// What a gateway client may choose: the codex models a request may run on and the reasoning efforts it may ask
/// for. A client holding the gateway key must not pick an expensive model or effort the operator did not offer.
public struct AllowedChoices: Sendable, Equatable {
    /// Codex model names, after aliases.
    public var models: Set<String>
    /// Reasoning effort names.
    public var efforts: Set<String>

    /// Choices with these values.
    public init(models: Set<String>, efforts: Set<String>) {
        self.models = models
        self.efforts = efforts
    }

    /// The operator's choices: `gateway.allowed_models` when set, else the configured models (`codex.model`,
    /// `gateway.models` and the alias targets); `gateway.allowed_efforts`.
    public init(settings: ChatGatewaySettings, defaultModel: String) {
        let configured = Set([defaultModel] + settings.models + settings.modelAliases.values)
        self.init(models: settings.allowedModels.isEmpty ? configured : Set(settings.allowedModels), efforts: Set(settings.allowedEfforts))
    }
}
