import Foundation

/// How one `codex app-server` worker is started: executable, arguments, environment, directory.
///
/// Build it with ``make(executablePath:codex:environment:parentEnvironment:workingDirectory:catalogueDirectory:catalogues:)``
/// so the worker gets the fixed flags, its tool policy and only allowlisted variables; the memberwise initializer
/// passes explicit values through unchanged (tests of the supervisor use it with stand-in executables).
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

    /// Launch settings from the module's argument builder and environment allowlist.
    ///
    /// A policy without `apply_patch` gets its patch-less model catalogue written first (``ModelCatalog``), so the
    /// worker never offers the tool the policy leaves out.
    ///
    /// - Parameters:
    ///   - executablePath: the codex binary.
    ///   - codex: model, sandbox, provider, overrides and tools for `codex app-server`.
    ///   - environment: the allowlist policy.
    ///   - parentEnvironment: the variables to pick from, normally this process's own.
    ///   - workingDirectory: the worker's working directory, also its threads', which codex is told is an untrusted
    ///     project (by its real path) so no `.codex/config.toml` there is ever loaded.
    ///   - catalogueDirectory: where the model catalogue is written (`model-catalog.json`): a directory the model's
    ///     commands cannot write to, such as the data directory.
    ///   - catalogues: the source of patch-less catalogues.
    /// - Throws: ``CodexError/spawnFailed(reason:)`` when the catalogue cannot be read or written.
    public static func make(
        executablePath: String,
        codex: CodexArguments,
        environment: ChildEnvironment,
        parentEnvironment: [String: String],
        workingDirectory: String? = nil,
        catalogueDirectory: String,
        catalogues: ModelCatalogSource = .shared
    ) async throws(CodexError) -> AppServerLaunch {
        let childEnvironment = environment.build(from: parentEnvironment, codexExecutable: executablePath)
        var codex = codex
        if codex.effectiveTools.needsModelCatalog, codex.modelCatalogPath == nil {
            codex.modelCatalogPath = try await catalogues.write(
                to: catalogueDirectory + "/model-catalog.json", executable: executablePath, environment: childEnvironment
            )
        }
        return AppServerLaunch(
            executablePath: executablePath,
            arguments: codex.appServer(workingDirectory: workingDirectory.map { URL(fileURLWithPath: $0).resolvingSymlinksInPath().path }),
            environment: childEnvironment,
            workingDirectory: workingDirectory
        )
    }
}
