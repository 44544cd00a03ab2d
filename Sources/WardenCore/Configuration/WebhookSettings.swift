/// The `webhook` section: limits on what the webhook receiver accepts.
public struct WebhookSettings: Sendable, Equatable {
    /// The largest request body read, in bytes; larger requests are refused before decoding.
    public var maxBodyBytes: Int

    /// The body limit when nothing is configured: 25 MiB.
    public static let defaultMaxBodyBytes = WardenConfiguration.Registry.webhookMaxBodyBytes.defaultValue

    /// Creates settings from values that are already valid.
    public init(maxBodyBytes: Int = Self.defaultMaxBodyBytes) {
        self.maxBodyBytes = maxBodyBytes
    }

    init(from values: ConfigurationValues) throws(ConfigurationError) {
        self.init(maxBodyBytes: try values.value(WardenConfiguration.Registry.webhookMaxBodyBytes))
    }
}
