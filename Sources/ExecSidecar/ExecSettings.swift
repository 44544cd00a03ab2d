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
        public static let allowedUIDs = Setting<Set<UInt32>?>(
            "exec.allowed_uids", "WARDEN_EXEC_ALLOWED_UIDS", .numericIDs, defaultDescription: "the server's own uid",
            doc: "Uids that may connect to the server."
        )
        /// `exec.allowed_gids`.
        public static let allowedGIDs = Setting(
            "exec.allowed_gids", "WARDEN_EXEC_ALLOWED_GIDS", .numericIDs, default: [], doc: "Gids that may connect as well."
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
    /// The gids allowed to connect, in addition to ``allowedUIDs``.
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

    /// The shim's settings: only the socket path.
    /// - Throws: ``ConfigurationError`` naming `exec.socket` when it is missing or not absolute.
    public static func shim(from values: ConfigurationValues) throws(ConfigurationError) -> ExecSettings {
        guard let socket = try values.value(Registry.socket) else { throw Registry.socket.missing }
        return ExecSettings(socketPath: socket, workspaceRoot: nil, allowedUIDs: [])
    }

    /// The server's settings.
    /// - Parameters:
    ///   - values: The loaded configuration layers.
    ///   - ownUID: The uid allowed when `exec.allowed_uids` is unset.
    /// - Throws: ``ConfigurationError`` naming the first setting that is missing or invalid.
    public static func server(from values: ConfigurationValues, ownUID: UInt32) throws(ConfigurationError) -> ExecSettings {
        guard let socket = try values.value(Registry.socket) else { throw Registry.socket.missing }
        guard let workspace = try values.value(Registry.workspace) else { throw Registry.workspace.missing }
        return ExecSettings(
            socketPath: socket,
            workspaceRoot: workspace,
            allowedUIDs: try values.value(Registry.allowedUIDs) ?? [ownUID],
            allowedGIDs: try values.value(Registry.allowedGIDs),
            commandTimeout: try values.value(Registry.commandTimeout),
            requestTimeout: try values.value(Registry.requestTimeout)
        )
    }
}
