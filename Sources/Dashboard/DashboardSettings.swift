public import WardenCore

/// Who may open the dashboard: the `[dashboard]` section.
public struct DashboardSettings: Sendable {
    /// The `[dashboard]` settings, declared once.
    public enum Registry {
        /// `dashboard.token`.
        public static let token = Setting<Secret?>(
            "dashboard.token", "WARDEN_DASHBOARD_TOKEN", .secret,
            doc: "Token that opens the dashboard (`GET /`): sent as `Authorization: Bearer` or typed into its login form. "
                + "Without one the dashboard is served only when the server listens on a loopback address."
        )

        /// Every `[dashboard]` setting.
        public static let all: [any AnySetting] = [token]
    }

    /// The dashboard token, if one is configured.
    public var token: Secret?

    /// Creates settings.
    public init(token: Secret? = nil) {
        self.token = token
    }

    /// Reads the settings.
    ///
    /// - Parameter values: the loaded configuration layers.
    /// - Throws: `ConfigurationError` naming the variable or key whose value is not accepted.
    public init(from values: ConfigurationValues) throws(ConfigurationError) {
        self.init(token: try values.value(Registry.token))
    }
}
