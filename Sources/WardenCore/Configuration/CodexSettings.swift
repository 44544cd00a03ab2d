/// The `codex` section: which binary and model, where its home is, and how runs are limited.
///
/// Codex's own configuration stays the operator's: `config.toml` in ``home`` picks the model provider,
/// and the variables it needs to authenticate are passed through by name (``passEnvironment``).
public struct CodexSettings: Sendable, Equatable {
    /// The `codex` executable: a path, or a name looked up on `PATH`.
    public var binary: String
    /// The model passed to every run.
    public var model: String
    /// The directory given to codex as `CODEX_HOME` (auth.json, config.toml, sessions).
    public var home: String
    /// The sandbox every run gets.
    public var sandboxMode: SandboxMode
    /// The wall-clock limit of one run.
    public var timeout: Duration
    /// Names of variables codex needs to authenticate, passed through from Warden's environment.
    public var passEnvironment: [String]
    /// Names of proxy variables passed through from Warden's environment.
    public var proxyEnvironment: [String]
    /// How many Codex runs may happen at once in the whole deployment (seat leases in the store).
    public var seats: Int
    /// How long a seat lease lasts without renewal (`codex.seat_lease`).
    public var seatLease: Duration
    /// The proxy codex's own traffic goes through (`codex.https_proxy`); `nil`: the variables ``proxyEnvironment`` names.
    public var httpsProxy: ProxyEndpoint?
    /// Whether codex's shell is the exec sidecar's shim (`codex.exec_sidecar`): no tool may run in codex's process.
    public var execSidecar: Bool
    /// The percentage of each usage window kept for people (`codex.reserve_percent`): no run starts on a window at or
    /// above 100 minus it.
    public var reservePercent: Int

    /// The binary that the project's setup script installs, relative to the working directory.
    public static let bundledBinaryPath = ".tools/codex-0.163.0/codex_cli_bin/bin/codex"
    /// The binary name looked up on `PATH` when the bundled one is absent.
    public static let defaultBinaryName = "codex"
    /// The model when nothing is configured.
    public static let defaultModel = WardenConfiguration.Registry.codexModel.defaultValue
    /// The run limit when nothing is configured.
    public static let defaultTimeout: Duration = WardenConfiguration.Registry.codexTimeout.defaultValue
    /// The authentication variables passed when nothing is configured.
    public static let defaultPassEnvironment = WardenConfiguration.Registry.codexPassEnvironment.defaultValue
    /// The proxy variables passed when nothing is configured, upper- and lowercase as tools read both.
    public static let defaultProxyEnvironment = WardenConfiguration.Registry.codexProxyEnvironment.defaultValue
    /// The number of seats when nothing is configured.
    public static let defaultSeats = WardenConfiguration.Registry.codexSeats.defaultValue
    /// The seat lease when nothing is configured.
    public static let defaultSeatLease = WardenConfiguration.Registry.codexSeatLease.defaultValue

    /// Creates settings from values that are already valid.
    public init(
        binary: String,
        model: String = Self.defaultModel,
        home: String,
        sandboxMode: SandboxMode = .default,
        timeout: Duration = Self.defaultTimeout,
        passEnvironment: [String] = Self.defaultPassEnvironment,
        proxyEnvironment: [String] = Self.defaultProxyEnvironment,
        seats: Int = Self.defaultSeats,
        seatLease: Duration = Self.defaultSeatLease,
        httpsProxy: ProxyEndpoint? = nil,
        execSidecar: Bool = false,
        reservePercent: Int = 0
    ) {
        self.binary = binary
        self.model = model
        self.home = home
        self.sandboxMode = sandboxMode
        self.timeout = timeout
        self.passEnvironment = passEnvironment
        self.proxyEnvironment = proxyEnvironment
        self.seats = seats
        self.seatLease = seatLease
        self.httpsProxy = httpsProxy
        self.execSidecar = execSidecar
        self.reservePercent = reservePercent
    }

    init(from values: ConfigurationValues) throws(ConfigurationError) {
        let registry = WardenConfiguration.Registry.self
        let home: String
        if let configured = try values.value(registry.codexHome) {
            home = configured
        } else {
            home = try Self.defaultHome(values.environment, host: values.host)
        }
        self.init(
            binary: try values.value(registry.codexBinary) ?? Self.defaultBinary(host: values.host),
            model: try values.value(registry.codexModel),
            home: home,
            sandboxMode: try values.value(registry.codexSandboxMode),
            timeout: try values.value(registry.codexTimeout),
            passEnvironment: try values.value(registry.codexPassEnvironment),
            proxyEnvironment: try values.value(registry.codexProxyEnvironment),
            seats: try values.value(registry.codexSeats),
            seatLease: try values.value(registry.codexSeatLease),
            httpsProxy: try values.value(registry.codexHTTPSProxy),
            execSidecar: try values.value(registry.codexExecSidecar),
            reservePercent: try values.value(registry.codexReservePercent)
        )
    }

    private static func defaultBinary(host: ConfigurationHost) -> String {
        let bundled = PathResolution.absolute(bundledBinaryPath, in: host.currentDirectory)
        return host.isExecutable(bundled) ? bundled : defaultBinaryName
    }

    /// `CODEX_HOME` when the environment sets it, else `$HOME/.codex`.
    private static func defaultHome(_ environment: [String: String], host: ConfigurationHost) throws(ConfigurationError) -> String {
        if let codexHome = environment["CODEX_HOME"], !codexHome.isEmpty { return PathResolution.absolute(codexHome, in: host.currentDirectory) }
        guard let home = environment["HOME"], !home.isEmpty else {
            throw .missingValue(key: WardenConfiguration.Registry.codexHome.fileKey, expected: "WARDEN_CODEX_HOME, codex.home, CODEX_HOME or HOME to be set")
        }
        return home + "/.codex"
    }
}
