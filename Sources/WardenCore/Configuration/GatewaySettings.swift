/// The `gateway` section: settings of the OpenAI-compatible chat gateway.
public struct GatewaySettings: Sendable, Equatable {
    /// The key clients must present; `nil` when the gateway is not configured.
    public var apiKey: Secret?

    /// Creates settings from values that are already valid.
    public init(apiKey: Secret? = nil) {
        self.apiKey = apiKey
    }

    init(from values: ConfigurationValues) throws(ConfigurationError) {
        self.init(apiKey: try values.value(WardenConfiguration.Registry.gatewayAPIKey))
    }
}
