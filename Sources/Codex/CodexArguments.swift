public import WardenCore

/// Builds the argument vector of every codex invocation Warden makes (`exec`, `exec resume`,
/// `app-server`); the executable itself is not part of it.
///
/// There is no shell anywhere: each element is passed to `execve` as is, and every `-c` value is
/// written by ``CodexTOML``. The flags that keep codex predictable in a server are always present:
/// `--skip-git-repo-check` (otherwise a stderr-only failure outside trusted directories),
/// `--disable unbounded_connection_retries` (otherwise an unreachable provider is retried forever),
/// `-c shell_environment_policy.inherit="core"` (otherwise the model's shell inherits codex's whole
/// environment, provider key included), a pinned model (the request shape depends on it), the job's
/// ``ToolPolicy``, last, so no override can widen it, and the working directory marked as an untrusted project.
///
/// The last matters as much as the tools: `codex exec -s workspace-write` records its working directory as a
/// *trusted* project in `CODEX_HOME/config.toml` (measured on 0.163), and codex then loads that directory's
/// `.codex/config.toml` — whose `mcp_servers` commands codex starts outside the sandbox. Marking the directory
/// untrusted in the effective configuration keeps the project layer unloaded and stops codex recording trust.
public struct CodexArguments: Sendable, Equatable {
    /// A custom model provider table (`model_providers.<id>`), used instead of the built-in
    /// `openai` provider so codex speaks plain HTTPS + SSE to a known endpoint.
    public struct Provider: Sendable, Equatable {
        /// The table name, also passed as `model_provider`.
        public var id: String
        /// The display name codex logs.
        public var name: String
        /// The Responses API base URL, e.g. `https://api.openai.com/v1`.
        public var baseURL: String
        /// The environment variable codex reads the API key from (passed to codex by name only).
        public var envKey: String
        /// How many times codex retries a failed request; `nil` keeps codex's default.
        public var requestMaxRetries: Int?
        /// How many times codex retries a dropped stream; `nil` keeps codex's default.
        public var streamMaxRetries: Int?
        /// How long a silent stream may stay open before codex gives up; `nil` keeps codex's default.
        public var streamIdleTimeout: Duration?

        /// Creates a provider table.
        public init(
            id: String = "warden",
            name: String = "warden",
            baseURL: String,
            envKey: String = "OPENAI_API_KEY",
            requestMaxRetries: Int? = nil,
            streamMaxRetries: Int? = nil,
            streamIdleTimeout: Duration? = nil
        ) {
            self.id = id
            self.name = name
            self.baseURL = baseURL
            self.envKey = envKey
            self.requestMaxRetries = requestMaxRetries
            self.streamMaxRetries = streamMaxRetries
            self.streamIdleTimeout = streamIdleTimeout
        }

        /// The provider as a TOML inline table.
        var table: CodexTOML.Value {
            var entries: [(key: String, value: CodexTOML.Value)] = [
                ("name", .string(name)),
                ("base_url", .string(baseURL)),
                ("wire_api", .string("responses")),
                ("env_key", .string(envKey)),
            ]
            if let requestMaxRetries { entries.append(("request_max_retries", .integer(requestMaxRetries))) }
            if let streamMaxRetries { entries.append(("stream_max_retries", .integer(streamMaxRetries))) }
            if let streamIdleTimeout {
                let milliseconds =
                    streamIdleTimeout.components.seconds * 1000
                    + streamIdleTimeout.components.attoseconds / 1_000_000_000_000_000
                entries.append(("stream_idle_timeout_ms", .integer(Int(milliseconds))))
            }
            return .table(entries)
        }
    }

    /// One extra `-c key=value` override.
    public struct Override: Sendable, Equatable {
        /// The dotted configuration key.
        public var key: String
        /// Its value.
        public var value: CodexTOML.Value

        /// Creates an override.
        public init(_ key: String, _ value: CodexTOML.Value) {
            self.key = key
            self.value = value
        }
    }

    /// The model every turn uses (`-m`).
    public var model: String
    /// The sandbox for the model's commands; read-only unless configured otherwise.
    public var sandbox: SandboxMode
    /// The provider table, or `nil` for codex's built-in provider.
    public var provider: Provider?
    /// Further overrides, appended after Warden's fixed ones in this order.
    public var overrides: [Override]
    /// The tools and features the model is offered.
    public var tools: ToolPolicy
    /// The patch-less model catalogue a policy without `apply_patch` needs (``ToolPolicy/needsModelCatalog``);
    /// the runner writes it for each run.
    public var modelCatalogPath: String?
    /// Whether codex's shell is the exec sidecar's shim (`codex.exec_sidecar`): tools that run inside codex's own
    /// process, in the bot's container, are taken out of every policy (``effectiveTools``).
    public var execSidecar: Bool

    /// The tools codex is told to offer: ``tools``, confined to the shell in exec-sidecar mode.
    public var effectiveTools: ToolPolicy { execSidecar ? tools.confinedToShell : tools }

    /// Creates the invocation settings.
    ///
    /// - Parameters:
    ///   - model: the pinned model name.
    ///   - sandbox: the sandbox mode; defaults to ``SandboxMode/default`` (read-only).
    ///   - provider: the custom provider, if any.
    ///   - overrides: extra `-c` overrides.
    ///   - tools: the job's tool policy; defaults to the narrowest, ``ToolPolicy/review``.
    ///   - modelCatalogPath: the patch-less model catalogue, when the policy needs one.
    ///   - execSidecar: whether codex's shell is the exec sidecar's shim.
    public init(
        model: String,
        sandbox: SandboxMode = .default,
        provider: Provider? = nil,
        overrides: [Override] = [],
        tools: ToolPolicy = .review,
        modelCatalogPath: String? = nil,
        execSidecar: Bool = false
    ) {
        self.model = model
        self.sandbox = sandbox
        self.provider = provider
        self.overrides = overrides
        self.tools = tools
        self.modelCatalogPath = modelCatalogPath
        self.execSidecar = execSidecar
    }

    /// The arguments of one `codex exec --json` turn whose prompt is read from standard input.
    ///
    /// All options come before the `resume` subcommand: `exec resume` does not accept `-s` or `-C`.
    /// - Parameters:
    ///   - workingDirectory: the agent's working root (`-C`).
    ///   - outputSchemaPath: a JSON Schema file for the final message, if the turn is structured.
    ///   - resuming: the thread to continue, or `nil` for a new thread.
    /// - Returns: the argument vector, without the executable.
    public func exec(workingDirectory: String, outputSchemaPath: String? = nil, resuming: ThreadID? = nil) -> [String] {
        var arguments = ["exec", "--json", "--skip-git-repo-check"]
        arguments += commonOptions
        arguments += ["-c", Self.untrustedProject(workingDirectory)]
        arguments += ["-m", model, "-s", sandbox.rawValue, "-C", workingDirectory]
        if let outputSchemaPath { arguments += ["--output-schema", outputSchemaPath] }
        if let resuming { arguments += ["resume", resuming.rawValue] }
        arguments.append("-")
        return arguments
    }

    /// The arguments of `codex app-server` over stdio.
    ///
    /// `app-server` takes neither `-m` nor `-s`, so the model and sandbox go in as `-c model=…` and
    /// `-c sandbox_mode=…`; threads may still override them per request.
    /// - Parameter workingDirectory: the threads' working directory, marked as an untrusted project; `nil` when
    ///   threads name none of their own.
    /// - Returns: the argument vector, without the executable.
    public func appServer(workingDirectory: String? = nil) -> [String] {
        var arguments = ["app-server"]
        arguments += commonOptions
        if let workingDirectory { arguments += ["-c", Self.untrustedProject(workingDirectory)] }
        arguments += ["-c", CodexTOML.override("model", .string(model))]
        arguments += ["-c", CodexTOML.override("sandbox_mode", .string(sandbox.rawValue))]
        arguments += ["--listen", "stdio://"]
        return arguments
    }

    /// The override marking `directory` (canonical: codex looks its real path up) as the only, untrusted, project.
    static func untrustedProject(_ directory: String) -> String {
        CodexTOML.override("projects", .table([(directory, .table([("trust_level", .string("untrusted"))]))]))
    }

    private var commonOptions: [String] {
        var arguments = ["--disable", "unbounded_connection_retries"]
        arguments += ["-c", CodexTOML.override("shell_environment_policy.inherit", .string("core"))]
        if let provider {
            arguments += ["-c", CodexTOML.override(path: ["model_providers", provider.id], provider.table)]
            arguments += ["-c", CodexTOML.override("model_provider", .string(provider.id))]
        }
        for override in overrides {
            arguments += ["-c", CodexTOML.override(override.key, override.value)]
        }
        return arguments + effectiveTools.arguments(modelCatalogPath: modelCatalogPath)
    }
}
