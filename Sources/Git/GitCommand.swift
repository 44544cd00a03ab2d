/// One git invocation: its arguments, where it runs, and the credential it may carry.
struct GitCommand: Sendable {
    /// The arguments after `git` and the fixed hygiene options (`["fetch", "--quiet", "origin"]`).
    var arguments: [String]
    /// The directory git runs in (`-C` is not used, so relative paths in arguments resolve here).
    var workingDirectory: String?
    /// The token for this one command; sent as an HTTP header, never stored.
    var credential: GitCredential?
    /// Variables added to git's minimal environment (an author identity).
    var environment: [String: String]
    /// Bytes written to git's standard input (a fast-import stream); standard input is empty otherwise.
    var input: [UInt8]
    /// The most standard output kept; git fails the command when it writes more.
    var outputLimit: Int

    /// Creates a command.
    init(
        _ arguments: [String],
        in workingDirectory: String? = nil,
        credential: GitCredential? = nil,
        environment: [String: String] = [:],
        input: [UInt8] = [],
        outputLimit: Int = 256 * 1024 * 1024
    ) {
        self.arguments = arguments
        self.workingDirectory = workingDirectory
        self.credential = credential
        self.environment = environment
        self.input = input
        self.outputLimit = outputLimit
    }

    /// The values that must never appear in a log line or an error.
    var secrets: [String] { credential?.redactions ?? [] }

    /// The command as an operator reads it in an error: `git fetch --quiet origin`, credentials redacted.
    var display: String {
        GitError.redacting((["git"] + arguments.prefix(6)).joined(separator: " ") + (arguments.count > 6 ? " …" : ""), secrets: secrets)
    }
}
