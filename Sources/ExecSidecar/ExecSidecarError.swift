import Glibc

/// Why the exec sidecar refused or failed a request, or could not start.
public struct ExecSidecarError: Error, Sendable, Hashable, CustomStringConvertible {
    private enum Code: Sendable, Hashable {
        case invalidSetting(key: String, reason: String)
        case socketFailed(operation: String, path: String, errno: Int32)
        case peerRefused(uid: UInt32, gid: UInt32)
        case frameTooLarge(size: Int, limit: Int)
        case malformedFrame(String)
        case refusedCommand(String)
        case workingDirectoryRefused(path: String, reason: String)
        case spawnFailed(String)
        case connectionLost
        case requestTimedOut(after: Duration)
    }

    private let code: Code

    private init(_ code: Code) {
        self.code = code
    }

    /// A `WARDEN_EXEC_*` variable has a value that cannot be used.
    public static func invalidSetting(key: String, reason: String) -> ExecSidecarError {
        ExecSidecarError(.invalidSetting(key: key, reason: reason))
    }

    /// A socket operation (`bind`, `connect`, …) on `path` failed with `errno`.
    public static func socketFailed(_ operation: String, path: String, errno: Int32) -> ExecSidecarError {
        ExecSidecarError(.socketFailed(operation: operation, path: path, errno: errno))
    }

    /// The connecting process's uid and gid are on neither allow list.
    public static func peerRefused(uid: UInt32, gid: UInt32) -> ExecSidecarError {
        ExecSidecarError(.peerRefused(uid: uid, gid: gid))
    }

    /// A frame announced a payload larger than the limit.
    public static func frameTooLarge(size: Int, limit: Int) -> ExecSidecarError {
        ExecSidecarError(.frameTooLarge(size: size, limit: limit))
    }

    /// A frame was of an unknown type, out of order, or its payload could not be decoded.
    public static func malformedFrame(reason: String) -> ExecSidecarError {
        ExecSidecarError(.malformedFrame(reason))
    }

    /// The request's argv or environment is not something the server runs.
    public static func refusedCommand(reason: String) -> ExecSidecarError {
        ExecSidecarError(.refusedCommand(reason))
    }

    /// The requested working directory is not under the workspace root (or does not exist).
    public static func workingDirectoryRefused(path: String, reason: String) -> ExecSidecarError {
        ExecSidecarError(.workingDirectoryRefused(path: path, reason: reason))
    }

    /// The command could not be started.
    public static func spawnFailed(reason: String) -> ExecSidecarError {
        ExecSidecarError(.spawnFailed(reason))
    }

    /// The connection ended before the server said how the command ended.
    public static let connectionLost = ExecSidecarError(.connectionLost)

    /// A connected client sent no complete request within the limit.
    public static func requestTimedOut(after limit: Duration) -> ExecSidecarError {
        ExecSidecarError(.requestTimedOut(after: limit))
    }

    /// A sentence for operators (and, in `F` frames, for the model's shell).
    public var description: String {
        switch code {
        case .invalidSetting(let key, let reason):
            "\(key) is invalid: \(reason)."
        case .socketFailed(let operation, let path, let number):
            "Cannot \(operation) the exec socket \(path): \(String(cString: strerror(number)))."
        case .peerRefused(let uid, let gid):
            "The exec server refuses connections from uid \(uid) (gid \(gid)): not on the allowed list."
        case .frameTooLarge(let size, let limit):
            "The exec server refuses a frame of \(size) bytes (the limit is \(limit))."
        case .malformedFrame(let reason):
            "The exec protocol was violated: \(reason)."
        case .refusedCommand(let reason):
            "The exec server refuses the command: \(reason)."
        case .workingDirectoryRefused(let path, let reason):
            "The exec server refuses the working directory \(path): \(reason)."
        case .spawnFailed(let reason):
            "The exec server could not start the command: \(reason)."
        case .connectionLost:
            "The connection to the exec server ended before the command finished."
        case .requestTimedOut(let limit):
            "The exec server received no request within \(limit); connection closed."
        }
    }

    /// A short, low-cardinality label for metrics.
    public var metricLabel: String {
        switch code {
        case .invalidSetting: "invalid_setting"
        case .socketFailed: "socket"
        case .peerRefused: "peer_refused"
        case .frameTooLarge: "frame_too_large"
        case .malformedFrame: "malformed_frame"
        case .refusedCommand: "refused_command"
        case .workingDirectoryRefused: "working_directory"
        case .spawnFailed: "spawn_failed"
        case .connectionLost: "connection_lost"
        case .requestTimedOut: "request_timeout"
        }
    }
}
