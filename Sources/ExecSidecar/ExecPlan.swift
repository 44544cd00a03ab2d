/// A validated request: the shell to run, its arguments, the resolved working directory and the environment.
struct ExecPlan: Sendable, Hashable {
    /// The shells a request may name as `argv[0]`, and the binaries the server runs for them.
    static let shells = ["bash": "/bin/bash", "sh": "/bin/sh"]

    /// The PATH commands get when the server has none.
    static let defaultPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

    /// The full argv, starting with the server's own shell binary.
    let argv: [String]
    /// The canonical working directory under the workspace root.
    let workingDirectory: String
    /// The environment: the request's, filtered, with the server's `PATH` and `HOME`.
    let environment: [String: String]

    /// Validates `request`.
    /// - Throws: ``ExecSidecarError`` when the shell is not bash or sh, or the working directory is refused.
    init(request: ExecCommandRequest, workspaceRoot: String, serverEnvironment: [String: String]) throws(ExecSidecarError) {
        guard let first = request.argv.first else {
            throw .refusedCommand(reason: "argv is empty")
        }
        let name = String(first.split(separator: "/").last ?? "")
        guard let shell = Self.shells[name] else {
            throw .refusedCommand(reason: "only bash and sh are run, not \"\(first)\"")
        }
        guard request.argv.allSatisfy({ !$0.utf8.contains(0) }) else {
            throw .refusedCommand(reason: "an argument contains a NUL byte")
        }
        workingDirectory = try WorkspacePath.resolve(request.cwd, under: workspaceRoot)
        argv = [shell] + request.argv.dropFirst()
        var environment = EnvironmentFilter.filtered(request.env)
        environment["PATH"] = serverEnvironment["PATH"] ?? Self.defaultPath
        environment["HOME"] = serverEnvironment["HOME"] ?? "/"
        environment["PWD"] = workingDirectory
        self.environment = environment
    }
}
