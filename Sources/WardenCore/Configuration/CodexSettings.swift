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
    /// How many Codex runs may happen at once.
    public var seats: Int

    /// The binary that the project's setup script installs, relative to the working directory.
    public static let bundledBinaryPath = ".tools/codex-0.163.0/codex_cli_bin/bin/codex"
    /// The binary name looked up on `PATH` when the bundled one is absent.
    public static let defaultBinaryName = "codex"
    /// The model when nothing is configured.
    public static let defaultModel = "gpt-5.5"
    /// The run limit when nothing is configured.
    public static let defaultTimeout: Duration = .seconds(15 * 60)
    /// The authentication variables passed when nothing is configured.
    public static let defaultPassEnvironment = ["OPENAI_API_KEY", "CODEX_API_KEY"]
    /// The proxy variables passed when nothing is configured, upper- and lowercase as tools read both.
    public static let defaultProxyEnvironment = ["HTTPS_PROXY", "HTTP_PROXY", "NO_PROXY", "https_proxy", "http_proxy", "no_proxy"]
    /// The number of seats when nothing is configured.
    public static let defaultSeats = 1

    /// Creates settings from values that are already valid.
    public init(
        binary: String,
        model: String = Self.defaultModel,
        home: String,
        sandboxMode: SandboxMode = .default,
        timeout: Duration = Self.defaultTimeout,
        passEnvironment: [String] = Self.defaultPassEnvironment,
        proxyEnvironment: [String] = Self.defaultProxyEnvironment,
        seats: Int = Self.defaultSeats
    ) {
        self.binary = binary
        self.model = model
        self.home = home
        self.sandboxMode = sandboxMode
        self.timeout = timeout
        self.passEnvironment = passEnvironment
        self.proxyEnvironment = proxyEnvironment
        self.seats = seats
    }

    init(from sources: ConfigurationSources, host: ConfigurationHost) throws(ConfigurationError) {
        let sandboxMode: SandboxMode
        if let text = try sources.text(.codexSandboxMode, expected: SandboxMode.allCases.map(\.rawValue).joined(separator: " | ")),
            let origin = sources.setting(.codexSandboxMode)?.origin
        {
            sandboxMode = try SandboxMode(validating: text, key: origin)
        } else {
            sandboxMode = .default
        }
        let home: String
        if let configured = try sources.text(.codexHome, expected: "a directory path") {
            home = configured
        } else {
            home = try Self.defaultHome(sources.environment)
        }
        self.init(
            binary: try sources.text(.codexBinary, expected: "a path or a command name") ?? Self.defaultBinary(host: host),
            model: try sources.text(.codexModel, expected: "a model name") ?? Self.defaultModel,
            home: home,
            sandboxMode: sandboxMode,
            timeout: try sources.duration(.codexTimeout) ?? Self.defaultTimeout,
            passEnvironment: try sources.nameList(.codexPassEnvironment) ?? Self.defaultPassEnvironment,
            proxyEnvironment: try sources.nameList(.codexProxyEnvironment) ?? Self.defaultProxyEnvironment,
            seats: try sources.integer(.codexSeats, minimum: 1) ?? Self.defaultSeats
        )
    }

    private static func defaultBinary(host: ConfigurationHost) -> String {
        let bundled = host.currentDirectory + "/" + bundledBinaryPath
        return host.isExecutable(bundled) ? bundled : defaultBinaryName
    }

    /// `CODEX_HOME` when the environment sets it, else `$HOME/.codex`.
    private static func defaultHome(_ environment: [String: String]) throws(ConfigurationError) -> String {
        if let codexHome = environment["CODEX_HOME"], !codexHome.isEmpty { return codexHome }
        guard let home = environment["HOME"], !home.isEmpty else {
            throw .missingValue(key: ConfigurationKey.codexHome.fileKey, expected: "WARDEN_CODEX_HOME, codex.home, CODEX_HOME or HOME to be set")
        }
        return home + "/.codex"
    }
}
