import Foundation

/// Why a git operation of the repository cache or a worktree failed.
///
/// Messages never contain a credential: every argument, environment value and line of standard
/// error is passed through the command's redaction before it reaches an error (see
/// ``GitError/redacting(_:secrets:)``).
public struct GitError: Error, Sendable, Equatable, CustomStringConvertible {
    private enum Code: String, Sendable {
        case authenticationFailed = "auth"
        case revisionNotFound = "revision_not_found"
        case commandFailed = "command_failed"
        case timedOut = "timeout"
        case cancelled
        case spawnFailed = "spawn_failed"
        case invalidArgument = "invalid_argument"
        case fileSystem = "file_system"
    }

    private let code: Code
    /// What went wrong, with the context an operator needs; credentials redacted.
    public let message: String
    /// git's exit status, when it exited.
    public let exitStatus: Int32?

    private init(_ code: Code, message: String, exitStatus: Int32? = nil) {
        self.code = code
        self.message = message
        self.exitStatus = exitStatus
    }

    /// The remote refused the credential (HTTP 401/403), or asked for one when none was given.
    /// - Parameters:
    ///   - command: the git command, redacted (`git fetch …`).
    ///   - stderr: the end of git's standard error, redacted.
    public static func authenticationFailed(command: String, stderr: String, exitStatus: Int32? = nil) -> Self {
        Self(.authenticationFailed, message: "\(command) was refused by the remote (authentication failed): \(stderr)", exitStatus: exitStatus)
    }

    /// A commit, ref or path is not in the local cache, even after fetching.
    /// - Parameter revision: what was looked for.
    public static func revisionNotFound(_ revision: String, detail: String) -> Self {
        Self(.revisionNotFound, message: "\(revision) is not in the repository cache: \(detail)")
    }

    /// git ran and exited unsuccessfully.
    public static func commandFailed(command: String, exitStatus: Int32?, stderr: String) -> Self {
        let status = exitStatus.map { "exited with status \($0)" } ?? "was killed by a signal"
        return Self(.commandFailed, message: "\(command) \(status): \(stderr)", exitStatus: exitStatus)
    }

    /// git did not finish within its time limit; its whole process group was stopped.
    public static func timedOut(command: String, after limit: Duration) -> Self {
        Self(.timedOut, message: "\(command) did not finish within \(limit) and was stopped")
    }

    /// The task running git was cancelled; its process group was stopped.
    public static func cancelled(command: String) -> Self {
        Self(.cancelled, message: "\(command) was cancelled")
    }

    /// git could not be started (not installed, not on `PATH`, working directory missing).
    public static func spawnFailed(command: String, reason: String) -> Self {
        Self(.spawnFailed, message: "cannot start \(command): \(reason)")
    }

    /// A caller passed a value git must not see (an option-like revision, a URL with credentials,
    /// a worktree name that is not a plain file name).
    /// - Parameters:
    ///   - name: the parameter.
    ///   - reason: why the value was refused.
    public static func invalidArgument(_ name: String, reason: String) -> Self {
        Self(.invalidArgument, message: "invalid \(name): \(reason)")
    }

    /// A directory of the cache could not be created, renamed or removed.
    public static func fileSystem(path: String, reason: String) -> Self {
        Self(.fileSystem, message: "cannot prepare \(path): \(reason)")
    }

    /// Whether the remote refused the credential; the worker pauses the queue on it.
    public var isAuthenticationFailure: Bool { code == .authenticationFailed }

    /// Whether a revision was missing from the cache.
    public var isRevisionNotFound: Bool { code == .revisionNotFound }

    /// A short, low-cardinality form for metric labels (`auth`, `timeout`, …).
    public var metricLabel: String { code.rawValue }

    /// The failure as a sentence.
    public var description: String { "git: \(message)" }

    /// `text` with every secret replaced by `<redacted>`.
    ///
    /// - Parameters:
    ///   - text: an argument list, environment value or standard-error tail.
    ///   - secrets: the plain values to hide (a token and the header value that encodes it).
    public static func redacting(_ text: String, secrets: [String]) -> String {
        secrets.filter { !$0.isEmpty }.reduce(text) { $0.replacingOccurrences(of: $1, with: "<redacted>") }
    }
}
