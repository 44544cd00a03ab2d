public import WardenCore

/// The exec sidecar's settings, the `[exec]` section, read by both sides.
public struct ExecSettings: Sendable, Hashable {
    /// The `[exec]` settings, declared once.
    public enum Registry {
        /// `exec.socket`.
        public static let socket = Setting<String?>(
            "exec.socket", "WARDEN_EXEC_SOCKET",
            .text("an absolute path shorter than 108 bytes") { path in path.hasPrefix("/") && path.utf8.count < 108 ? path : nil },
            defaultDescription: "— (required)", doc: "The unix socket between the shim and the server."
        )
        /// `exec.workspace`.
        public static let workspace = Setting<String?>(
            "exec.workspace", "WARDEN_EXEC_WORKSPACE", .text("an absolute path") { path in path.hasPrefix("/") ? path : nil },
            defaultDescription: "— (required by the server)", doc: "The root that commands' working directories must lie under."
        )
        /// `exec.allowed_uids`.
        public static let allowedUIDs = Setting(
            "exec.allowed_uids", "WARDEN_EXEC_ALLOWED_UIDS", .numericIDs, default: [],
            defaultDescription: "none (this or `exec.allowed_gids` is required)",
            doc: "Uids that may connect to the server: the bot's. Never the server's own uid, which the model's commands run as."
        )
        /// `exec.allowed_gids`.
        public static let allowedGIDs = Setting(
            "exec.allowed_gids", "WARDEN_EXEC_ALLOWED_GIDS", .numericIDs, default: [],
            defaultDescription: "none (this or `exec.allowed_uids` is required)",
            doc: "Gids that may connect, matched against the peer's primary and supplementary groups (a pod's `fsGroup`)."
        )
        /// `exec.timeout`.
        public static let commandTimeout = Setting(
            "exec.timeout", "WARDEN_EXEC_TIMEOUT", .duration, default: .seconds(600),
            doc: "Time limit per command: SIGTERM to its group, then SIGKILL."
        )
        /// `exec.request_timeout`.
        public static let requestTimeout = Setting(
            "exec.request_timeout", "WARDEN_EXEC_REQUEST_TIMEOUT", .duration, default: .seconds(10),
            doc: "How long a connected client has to send its request."
        )

        /// Every `[exec]` setting.
        public static let all: [any AnySetting] = [socket, workspace, allowedUIDs, allowedGIDs, commandTimeout, requestTimeout]
    }

    /// The default time limit per command.
    public static let defaultTimeout = Registry.commandTimeout.defaultValue
    /// The request time limit when none is configured.
    public static let defaultRequestTimeout = Registry.requestTimeout.defaultValue

    /// The socket path.
    public var socketPath: String
    /// The workspace root (server only; `nil` on the shim's side).
    public var workspaceRoot: String?
    /// The uids allowed to connect.
    public var allowedUIDs: Set<UInt32>
    /// The gids allowed to connect, in addition to ``allowedUIDs``: a peer's primary or supplementary group.
    public var allowedGIDs: Set<UInt32>
    /// The time limit per command: SIGTERM to the group, then SIGKILL after ``killGracePeriod``.
    public var commandTimeout: Duration
    /// How long a command has between SIGTERM and SIGKILL.
    public var killGracePeriod: Duration
    /// How long a connected client has to send its request before the server closes the connection.
    public var requestTimeout: Duration

    /// Settings with these values.
    public init(
        socketPath: String,
        workspaceRoot: String?,
        allowedUIDs: Set<UInt32>,
        allowedGIDs: Set<UInt32> = [],
        commandTimeout: Duration = ExecSettings.defaultTimeout,
        killGracePeriod: Duration = .seconds(2),
        requestTimeout: Duration = ExecSettings.defaultRequestTimeout
    ) {
        self.socketPath = socketPath
        self.workspaceRoot = workspaceRoot
        self.allowedUIDs = allowedUIDs
        self.allowedGIDs = allowedGIDs
        self.commandTimeout = commandTimeout
        self.killGracePeriod = killGracePeriod
        self.requestTimeout = requestTimeout
    }

    /// Which peers the server serves.
    var peerPolicy: PeerPolicy { PeerPolicy(allowedUIDs: allowedUIDs, allowedGIDs: allowedGIDs) }

    /// The shim's settings: only the socket path.
    /// - Throws: ``ConfigurationError`` naming `exec.socket` when it is missing or not absolute.
    public static func shim(from values: ConfigurationValues) throws(ConfigurationError) -> ExecSettings {
        guard let socket = try values.value(Registry.socket) else { throw Registry.socket.missing }
        return ExecSettings(socketPath: socket, workspaceRoot: nil, allowedUIDs: [])
    }

    /// The server's settings.
    ///
    /// The allow list must be given: there is no default, because the obvious one — the server's own uid — is the
    /// uid the model's commands run as.
    /// - Parameter values: The loaded configuration layers.
    /// - Throws: ``ConfigurationError`` naming the first setting that is missing or invalid, and naming
    ///   `exec.allowed_uids` when neither it nor `exec.allowed_gids` allows anyone.
    public static func server(from values: ConfigurationValues) throws(ConfigurationError) -> ExecSettings {
        guard let socket = try values.value(Registry.socket) else { throw Registry.socket.missing }
        guard let workspace = try values.value(Registry.workspace) else { throw Registry.workspace.missing }
        let allowedUIDs = try values.value(Registry.allowedUIDs)
        let allowedGIDs = try values.value(Registry.allowedGIDs)
        guard !allowedUIDs.isEmpty || !allowedGIDs.isEmpty else {
            throw .missingValue(
                key: Registry.allowedUIDs.fileKey,
                expected: "the bot's uid in \(Registry.allowedUIDs.declaration.environmentNames.joined(separator: " or ")), or the group "
                    + "shared with it in \(Registry.allowedGIDs.declaration.environmentNames.joined(separator: " or ")); "
                    + "nothing is allowed by default, since the server's own uid is the one the model's commands run as"
            )
        }
        return ExecSettings(
            socketPath: socket,
            workspaceRoot: workspace,
            allowedUIDs: allowedUIDs,
            allowedGIDs: allowedGIDs,
            commandTimeout: try values.value(Registry.commandTimeout),
            requestTimeout: try values.value(Registry.requestTimeout)
        )
    }
}
