import Foundation

/// The exec sidecar's settings, read from `WARDEN_EXEC_*` environment variables on both sides.
public struct ExecSettings: Sendable, Hashable {
    /// `WARDEN_EXEC_SOCKET`: the unix socket path (required).
    public static let socketKey = "WARDEN_EXEC_SOCKET"
    /// `WARDEN_EXEC_WORKSPACE`: the root that working directories must lie under (server; required).
    public static let workspaceKey = "WARDEN_EXEC_WORKSPACE"
    /// `WARDEN_EXEC_ALLOWED_UIDS`: comma-separated uids that may connect (server; default its own uid).
    public static let allowedUIDsKey = "WARDEN_EXEC_ALLOWED_UIDS"
    /// `WARDEN_EXEC_ALLOWED_GIDS`: comma-separated gids that may connect as well (server; default none).
    public static let allowedGIDsKey = "WARDEN_EXEC_ALLOWED_GIDS"
    /// `WARDEN_EXEC_TIMEOUT`: the time limit per command, `300`, `300s`, `5m` or `1500ms` (server; default 10 minutes).
    public static let timeoutKey = "WARDEN_EXEC_TIMEOUT"

    /// The default time limit per command.
    public static let defaultTimeout = Duration.seconds(600)
    /// How long a connected client has to send its request (`WARDEN_EXEC_REQUEST_TIMEOUT`).
    public static let requestTimeoutKey = "WARDEN_EXEC_REQUEST_TIMEOUT"
    /// The request time limit when `WARDEN_EXEC_REQUEST_TIMEOUT` is unset.
    public static let defaultRequestTimeout = Duration.seconds(10)

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
    /// - Throws: ``ExecSidecarError`` naming `WARDEN_EXEC_SOCKET` when it is missing or not absolute.
    public static func shim(environment: [String: String]) throws(ExecSidecarError) -> ExecSettings {
        ExecSettings(socketPath: try socketPath(environment), workspaceRoot: nil, allowedUIDs: [])
    }

    /// The server's settings.
    /// - Parameters:
    ///   - environment: The process environment.
    ///   - ownUID: The uid allowed when `WARDEN_EXEC_ALLOWED_UIDS` is unset.
    /// - Throws: ``ExecSidecarError`` naming the first variable that is missing or invalid.
    public static func server(environment: [String: String], ownUID: UInt32) throws(ExecSidecarError) -> ExecSettings {
        let socket = try socketPath(environment)
        guard let workspace = environment[workspaceKey], !workspace.isEmpty else {
            throw .invalidSetting(key: workspaceKey, reason: "it is required")
        }
        guard workspace.hasPrefix("/") else {
            throw .invalidSetting(key: workspaceKey, reason: "\"\(workspace)\" is not an absolute path")
        }
        let uids = try ids(environment[allowedUIDsKey], key: allowedUIDsKey) ?? [ownUID]
        let gids = try ids(environment[allowedGIDsKey], key: allowedGIDsKey) ?? []
        return ExecSettings(
            socketPath: socket,
            workspaceRoot: workspace,
            allowedUIDs: uids,
            allowedGIDs: gids,
            commandTimeout: try duration(environment, key: timeoutKey) ?? defaultTimeout,
            requestTimeout: try duration(environment, key: requestTimeoutKey) ?? defaultRequestTimeout
        )
    }

    /// The duration in `key`, `nil` when unset or empty.
    private static func duration(_ environment: [String: String], key: String) throws(ExecSidecarError) -> Duration? {
        guard let text = environment[key], !text.isEmpty else { return nil }
        guard let parsed = parseDuration(text) else {
            throw .invalidSetting(key: key, reason: "\"\(text)\" is not a positive duration such as 300, 300s, 5m or 1500ms")
        }
        return parsed
    }

    /// `300` and `300s` (seconds), `1500ms`, `5m`; `nil` for anything else, zero or negative.
    public static func parseDuration(_ text: String) -> Duration? {
        let units: [(suffix: String, scale: Int64)] = [("ms", 1), ("s", 1000), ("m", 60_000), ("", 1000)]
        for unit in units where text.hasSuffix(unit.suffix) {
            guard let number = Int64(text.dropLast(unit.suffix.count)), number > 0 else { continue }
            return .milliseconds(number * unit.scale)
        }
        return nil
    }

    private static func socketPath(_ environment: [String: String]) throws(ExecSidecarError) -> String {
        guard let path = environment[socketKey], !path.isEmpty else {
            throw .invalidSetting(key: socketKey, reason: "it is required")
        }
        guard path.hasPrefix("/") else {
            throw .invalidSetting(key: socketKey, reason: "\"\(path)\" is not an absolute path")
        }
        guard path.utf8.count < 108 else {
            throw .invalidSetting(key: socketKey, reason: "a unix socket path must be shorter than 108 bytes")
        }
        return path
    }

    private static func ids(_ text: String?, key: String) throws(ExecSidecarError) -> Set<UInt32>? {
        guard let text, !text.trimmingCharacters(in: .whitespaces).isEmpty else { return nil }
        var result: Set<UInt32> = []
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            let trimmed = part.trimmingCharacters(in: .whitespaces)
            guard let id = UInt32(trimmed) else {
                throw .invalidSetting(key: key, reason: "\"\(trimmed)\" is not a numeric id")
            }
            result.insert(id)
        }
        return result
    }
}
