import Foundation

/// How one `codex app-server` worker is started: executable, arguments, environment, directory.
///
/// Build ``arguments`` with ``CodexArguments/appServer(workingDirectory:)`` and ``environment`` with
/// ``ChildEnvironment/build(from:)`` so the worker gets the fixed flags and only allowlisted
/// variables; this type passes them through unchanged and never adds to them.
public struct AppServerLaunch: Sendable, Equatable {
    /// The codex binary (or, in tests, anything that speaks the protocol).
    public var executablePath: String
    /// The arguments after the executable.
    public var arguments: [String]
    /// The worker's complete environment; nothing is inherited.
    public var environment: [String: String]
    /// The worker's working directory, or `nil` for Warden's own.
    public var workingDirectory: String?

    /// Creates launch settings from explicit values.
    public init(executablePath: String, arguments: [String], environment: [String: String], workingDirectory: String? = nil) {
        self.executablePath = executablePath
        self.arguments = arguments
        self.environment = environment
        self.workingDirectory = workingDirectory
    }

    /// Creates launch settings from the module's argument builder and environment allowlist.
    ///
    /// - Parameters:
    ///   - executablePath: the codex binary.
    ///   - codex: model, sandbox, provider and overrides for `codex app-server`.
    ///   - environment: the allowlist policy.
    ///   - parentEnvironment: the variables to pick from, normally this process's own.
    ///   - workingDirectory: the worker's working directory, also its threads', which codex is told is an untrusted
    ///     project (by its real path) so no `.codex/config.toml` there is ever loaded.
    public init(
        executablePath: String,
        codex: CodexArguments,
        environment: ChildEnvironment,
        parentEnvironment: [String: String],
        workingDirectory: String? = nil
    ) {
        self.init(
            executablePath: executablePath,
            arguments: codex.appServer(workingDirectory: workingDirectory.map { URL(fileURLWithPath: $0).resolvingSymlinksInPath().path }),
            environment: environment.build(from: parentEnvironment, codexExecutable: executablePath),
            workingDirectory: workingDirectory
        )
    }
}
