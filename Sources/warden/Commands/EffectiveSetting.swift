import WardenCore

/// One row of `warden config show`: a setting's effective value and its source. Every key is always encoded
/// (`value` is `null` when unset), so scripts can rely on the shape.
struct EffectiveSetting: Encodable, Equatable {
    /// The file key.
    let key: String
    /// The environment variable.
    let variable: String
    /// The value as shown (secrets as `<redacted>`), `nil` when unset.
    let value: String?
    /// The layer it came from.
    let source: SettingSource
    /// Whether it is a credential.
    let secret: Bool

    /// Every registered setting of `values`, with machine-dependent defaults filled in from the core configuration.
    ///
    /// - Throws: ``ConfigurationError`` for the first invalid value.
    static func all(in values: ConfigurationValues) throws(ConfigurationError) -> [EffectiveSetting] {
        let core = try WardenConfiguration(from: values)
        let computed = core.computedDefaults
        return try values.registry.settings.map { setting throws(ConfigurationError) in
            let declaration = setting.declaration
            return EffectiveSetting(
                key: declaration.fileKey,
                variable: declaration.environmentName,
                value: try setting.shownValue(in: values) ?? computed[declaration.fileKey],
                source: values.source(of: declaration),
                secret: declaration.isSecret
            )
        }
    }

    private enum CodingKeys: String, CodingKey {
        case key, variable, value, source, secret
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(key, forKey: .key)
        try container.encode(variable, forKey: .variable)
        try container.encode(value, forKey: .value)
        try container.encode(source, forKey: .source)
        try container.encode(secret, forKey: .secret)
    }
}
