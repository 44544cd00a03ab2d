import Foundation

/// What the shim asks the exec server to run: the `R` frame's JSON.
public struct ExecCommandRequest: Codable, Sendable, Hashable {
    /// The shell invocation as the shim received it, `argv[0]` included (`["bash", "-lc", "make test"]`).
    public var argv: [String]
    /// The absolute working directory the command runs in; it must lie under the server's workspace root.
    public var cwd: String
    /// The environment the shim passes on (already filtered on the shim's side; the server filters again).
    public var env: [String: String]

    /// A request for `argv` in `cwd` with `env`.
    public init(argv: [String], cwd: String, env: [String: String]) {
        self.argv = argv
        self.cwd = cwd
        self.env = env
    }

    /// The request as the payload of an `R` frame.
    public func encoded() throws -> [UInt8] {
        Array(try JSONEncoder().encode(self))
    }

    /// Decodes an `R` frame's payload.
    /// - Throws: ``ExecSidecarError`` when the payload is not a request.
    public static func decode(_ payload: [UInt8]) throws(ExecSidecarError) -> ExecCommandRequest {
        do {
            return try JSONDecoder().decode(ExecCommandRequest.self, from: Data(payload))
        } catch {
            throw .malformedFrame(reason: "the request is not valid JSON of the expected shape")
        }
    }
}

/// How a command ended: the `X` frame's JSON.
public struct ExecCommandOutcome: Codable, Sendable, Hashable {
    /// The exit status when the command exited.
    public var exitCode: Int32?
    /// The signal that killed the command, when it was killed.
    public var signal: Int32?
    /// Whether the server killed the command because it ran past the time limit.
    public var timedOut: Bool

    /// An outcome with these values.
    public init(exitCode: Int32? = nil, signal: Int32? = nil, timedOut: Bool = false) {
        self.exitCode = exitCode
        self.signal = signal
        self.timedOut = timedOut
    }

    /// The status a shell reports for it: the exit code, or 128 + the signal number.
    public var shellStatus: Int32 {
        if let exitCode { return exitCode }
        if let signal { return 128 + signal }
        return 126
    }

    /// The outcome as the payload of an `X` frame.
    public func encoded() -> [UInt8] {
        (try? JSONEncoder().encode(self)).map(Array.init) ?? Array(#"{"timedOut":false}"#.utf8)
    }

    /// Decodes an `X` frame's payload.
    /// - Throws: ``ExecSidecarError`` when the payload is not an outcome.
    public static func decode(_ payload: [UInt8]) throws(ExecSidecarError) -> ExecCommandOutcome {
        do {
            return try JSONDecoder().decode(ExecCommandOutcome.self, from: Data(payload))
        } catch {
            throw .malformedFrame(reason: "the exit frame is not valid JSON of the expected shape")
        }
    }
}
