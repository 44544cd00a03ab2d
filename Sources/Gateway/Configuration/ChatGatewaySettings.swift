public import Codex
public import WardenCore

/// The gateway's own settings, the `[gateway]` section: admission, timeouts, keep-alives, tools and the model table. The
/// API key itself is `gateway.api_key` in `WardenConfiguration`.
public struct ChatGatewaySettings: Sendable, Equatable {
    /// The `[gateway]` settings of this module, declared once.
    public enum Registry {
        /// `gateway.max_concurrent_turns`.
        public static let maxConcurrentTurns = Setting(
            "gateway.max_concurrent_turns", "WARDEN_GATEWAY_MAX_CONCURRENT_TURNS", .integer(1...1024), default: 4,
            doc: "Chat turns running at once; more wait in the admission queue."
        )
        /// `gateway.max_queued`.
        public static let maxQueuedRequests = Setting(
            "gateway.max_queued", "WARDEN_GATEWAY_MAX_QUEUED", .integer(0...100_000), default: 64,
            doc: "Requests waiting at most; beyond that, 429 at once."
        )
        /// `gateway.queue_timeout`.
        public static let queueTimeout = Setting(
            "gateway.queue_timeout", "WARDEN_GATEWAY_QUEUE_TIMEOUT", .duration(limit: .seconds(86_400)), default: .seconds(30),
            doc: "How long a request waits for a turn before 429 with `Retry-After`."
        )
        /// `gateway.request_timeout`.
        public static let requestTimeout = Setting(
            "gateway.request_timeout", "WARDEN_GATEWAY_REQUEST_TIMEOUT", .duration(limit: .seconds(86_400)), default: .seconds(300),
            doc: "Wall-clock limit of one request (504)."
        )
        /// `gateway.keepalive`.
        public static let keepAliveInterval = Setting(
            "gateway.keepalive", "WARDEN_GATEWAY_KEEPALIVE", .duration(limit: .seconds(86_400)), default: .seconds(15),
            doc: "Silence after which a stream gets a keep-alive comment."
        )
        /// `gateway.tool_result_timeout`.
        public static let toolResultTimeout = Setting(
            "gateway.tool_result_timeout", "WARDEN_GATEWAY_TOOL_RESULT_TIMEOUT", .duration(limit: .seconds(3600)), default: .seconds(60),
            doc: "How long a turn that called a client function waits for the client's next request with the result; then it is "
                + "interrupted and its turn slot and thread are given back (a later result starts a fresh thread with the history)."
        )
        /// `gateway.model_aliases`.
        public static let modelAliases = Setting(
            "gateway.model_aliases", "WARDEN_GATEWAY_MODEL_ALIASES", .map("alias=model"), default: [:],
            doc: "Client model names mapped to Codex models."
        )
        /// `gateway.models`.
        public static let models = Setting(
            "gateway.models", "WARDEN_GATEWAY_MODELS", .list("model names"), default: [],
            defaultDescription: "the configured codex model", doc: "Models `/v1/models` lists when the app-server's list is unavailable."
        )
        /// `gateway.spare_threads`.
        public static let spareThreadShapes = Setting(
            "gateway.spare_threads", "WARDEN_GATEWAY_SPARE_THREADS", .integer(0...64), default: 4,
            doc: "Thread shapes (model + system prompt) that keep a thread started ahead, so a request skips `thread/start`; `0` turns this off."
        )
        /// `gateway.recycle_after`.
        public static let recycleAfterTurns = Setting(
            "gateway.recycle_after", "WARDEN_GATEWAY_RECYCLE_AFTER", .integer(0...10_000_000), default: 500,
            doc: "Turns after which the app-server worker is replaced at its next idle moment, giving back the memory of the threads "
                + "codex keeps loaded; requests arriving meanwhile wait for the new worker. `0`: never."
        )
        /// `gateway.tools`.
        public static let tools = Setting(
            "gateway.tools", "WARDEN_GATEWAY_TOOLS",
            .list("tool names from " + CodexTool.allCases.map(\.rawValue).joined(separator: ", ")) { CodexTool(rawValue: $0)?.rawValue },
            default: ToolPolicy.gatewayDefault.tools.sorted().map(\.rawValue),
            doc: "Tools the chat model may use: `shell` (run commands), `apply_patch` (offered by codex 0.163 in any case), `view_image`, "
                + "`web_search` (a search the provider runs: a path out no egress proxy sees), `request_user_input`, `goals`. "
                + "Plugins, apps, hooks, skills, multi-agent and project docs stay off."
        )

        /// `gateway.allowed_models`.
        public static let allowedModels = Setting(
            "gateway.allowed_models", "WARDEN_GATEWAY_ALLOWED_MODELS", .list("codex model names"), default: [],
            defaultDescription: "`codex.model`, `gateway.models` and the alias targets",
            doc: "The codex models a request may run on (after aliases); any other model is refused with 404 `model_not_found`."
        )
        /// `gateway.allowed_efforts`.
        public static let allowedEfforts = Setting(
            "gateway.allowed_efforts", "WARDEN_GATEWAY_ALLOWED_EFFORTS", .list("reasoning effort names"),
            default: ["minimal", "low", "medium", "high"],
            doc: "The `reasoning_effort` values a request may ask for; any other is refused with 400."
        )

        /// Every `[gateway]` setting of this module.
        public static let all: [any AnySetting] = [
            maxConcurrentTurns, maxQueuedRequests, queueTimeout, requestTimeout, keepAliveInterval, toolResultTimeout, modelAliases, models,
            spareThreadShapes, recycleAfterTurns, tools, allowedModels, allowedEfforts,
        ]
    }

    /// How many codex turns run at once.
    public var maxConcurrentTurns: Int
    /// How many requests may wait for a turn slot.
    public var maxQueuedRequests: Int
    /// How long a request waits for a slot before 429.
    public var queueTimeout: Duration
    /// The wall-clock limit of one request before 504.
    public var requestTimeout: Duration
    /// The silence after which a stream gets a keep-alive comment.
    public var keepAliveInterval: Duration
    /// How long a turn waiting on a client function's result is kept before it is interrupted.
    public var toolResultTimeout: Duration
    /// Model aliases, `alias → codex model`.
    public var modelAliases: [String: String]
    /// Models listed when codex's catalogue cannot be read (empty: the configured codex model).
    public var models: [String]
    /// How many thread shapes (model and instructions) keep a thread started ahead of the next request, which then
    /// skips `thread/start` (0: none).
    public var spareThreadShapes: Int
    /// After how many turns the worker is replaced, at its next idle moment, to give back the memory of the threads
    /// codex keeps loaded (0: never).
    public var recycleAfterTurns: Int
    /// The tools the chat model is offered.
    public var tools: ToolPolicy
    /// The codex models a request may run on; empty: the configured ones.
    public var allowedModels: [String]
    /// The reasoning efforts a request may ask for.
    public var allowedEfforts: [String]

    /// The shortest gateway key accepted.
    public static let minimumKeyLength = 16

    /// Creates settings from explicit values.
    public init(
        maxConcurrentTurns: Int = Registry.maxConcurrentTurns.defaultValue,
        maxQueuedRequests: Int = Registry.maxQueuedRequests.defaultValue,
        queueTimeout: Duration = Registry.queueTimeout.defaultValue,
        requestTimeout: Duration = Registry.requestTimeout.defaultValue,
        keepAliveInterval: Duration = Registry.keepAliveInterval.defaultValue,
        toolResultTimeout: Duration = Registry.toolResultTimeout.defaultValue,
        modelAliases: [String: String] = Registry.modelAliases.defaultValue,
        models: [String] = Registry.models.defaultValue,
        spareThreadShapes: Int = Registry.spareThreadShapes.defaultValue,
        recycleAfterTurns: Int = Registry.recycleAfterTurns.defaultValue,
        tools: ToolPolicy = .gatewayDefault,
        allowedModels: [String] = Registry.allowedModels.defaultValue,
        allowedEfforts: [String] = Registry.allowedEfforts.defaultValue
    ) {
        self.maxConcurrentTurns = maxConcurrentTurns
        self.maxQueuedRequests = maxQueuedRequests
        self.queueTimeout = queueTimeout
        self.requestTimeout = requestTimeout
        self.keepAliveInterval = keepAliveInterval
        self.toolResultTimeout = toolResultTimeout
        self.modelAliases = modelAliases
        self.models = models
        self.spareThreadShapes = spareThreadShapes
        self.recycleAfterTurns = recycleAfterTurns
        self.tools = tools
        self.allowedModels = allowedModels
        self.allowedEfforts = allowedEfforts
    }

    /// Reads the settings.
    ///
    /// - Parameter values: the loaded configuration layers.
    /// - Throws: ``ConfigurationError`` naming the variable or key at fault.
    public init(from values: ConfigurationValues) throws(ConfigurationError) {
        self.init(
            maxConcurrentTurns: try values.value(Registry.maxConcurrentTurns),
            maxQueuedRequests: try values.value(Registry.maxQueuedRequests),
            queueTimeout: try values.value(Registry.queueTimeout),
            requestTimeout: try values.value(Registry.requestTimeout),
            keepAliveInterval: try values.value(Registry.keepAliveInterval),
            toolResultTimeout: try values.value(Registry.toolResultTimeout),
            modelAliases: try values.value(Registry.modelAliases),
            models: try values.value(Registry.models),
            spareThreadShapes: try values.value(Registry.spareThreadShapes),
            recycleAfterTurns: try values.value(Registry.recycleAfterTurns),
            tools: ToolPolicy(tools: Set(try values.value(Registry.tools).compactMap(CodexTool.init(rawValue:)))),
            allowedModels: try values.value(Registry.allowedModels),
            allowedEfforts: try values.value(Registry.allowedEfforts)
        )
    }

    /// Refuses an exposed or weak configuration: no key on a non-loopback address, or a key shorter
    /// than ``minimumKeyLength``.
    ///
    /// - Parameters:
    ///   - apiKey: the configured key.
    ///   - host: the address the gateway binds.
    /// - Throws: ``ConfigurationError`` naming `WARDEN_GATEWAY_API_KEY`.
    public static func checkExposure(apiKey: Secret?, host: String) throws(ConfigurationError) {
        guard let apiKey else {
            guard isLoopback(host) else {
                throw .missingValue(
                    key: "WARDEN_GATEWAY_API_KEY",
                    expected: "a key of at least \(minimumKeyLength) characters when listening on \(host), which is not loopback"
                )
            }
            return
        }
        guard apiKey.exposedValue.count >= minimumKeyLength else {
            throw .invalidValue(
                key: "WARDEN_GATEWAY_API_KEY",
                problem: "is shorter than \(minimumKeyLength) characters",
                expected: "a random key of at least \(minimumKeyLength) characters"
            )
        }
    }

    /// Refuses a `gateway.tools` that lists a tool working inside codex's own process when codex's shell is the
    /// exec sidecar (`codex.exec_sidecar`): it would read or write the bot's container, which the sidecar exists to
    /// keep out of the model's reach.
    ///
    /// - Throws: ``ConfigurationError`` naming `gateway.tools` and the tools to remove.
    public static func checkConfinement(tools: ToolPolicy, execSidecar: Bool) throws(ConfigurationError) {
        let inProcess = tools.tools.filter(\.runsInCodexProcess).sorted().map(\.rawValue)
        guard execSidecar, !inProcess.isEmpty else { return }
        throw .invalidValue(
            key: Registry.tools.fileKey,
            problem: "lists \(inProcess.joined(separator: ", ")), which would run in the bot's container while codex.exec_sidecar is set",
            expected: "tools that go through the exec sidecar (shell) or none of codex's files (web_search, request_user_input, goals)"
        )
    }

    /// Whether `host` is a loopback address or name.
    public static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || host == "::1" || host.hasPrefix("127.")
    }
}
