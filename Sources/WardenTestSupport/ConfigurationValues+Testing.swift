public import WardenCore

extension ConfigurationValues {
    /// The layers of `environment` alone (no file), checked against `settings`, as a system's settings tests need.
    ///
    /// - Throws: ``ConfigurationError`` as the loader would.
    public static func testing(_ environment: [String: String], settings: [any AnySetting]) throws(ConfigurationError) -> ConfigurationValues {
        try ConfigurationLoader.values(
            configPath: nil,
            environment: environment,
            host: ConfigurationHost(standardErrorIsTerminal: false, currentDirectory: "/srv/warden", isExecutable: { _ in false }),
            registry: SettingsRegistry(settings)
        )
    }
}
