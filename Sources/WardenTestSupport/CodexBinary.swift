import Foundation

/// Finds the real `codex` binary that tests run.
///
/// Tests never skip when it is missing: they fail with a message telling how to install it.
public enum CodexBinary {
    /// The codex version the harness and `scripts/install-codex` pin.
    public static let pinnedVersion = "0.163.0"

    /// The environment variable that overrides the binary's location.
    public static let environmentVariable = "WARDEN_CODEX_BIN"

    /// The absolute path of the codex binary to test against.
    ///
    /// `WARDEN_CODEX_BIN` when set; otherwise the binary `scripts/install-codex` puts into the checkout,
    /// `<repo>/.tools/codex-0.163.0/codex_cli_bin/bin/codex` (beside its bundled `bwrap`, which sandboxing needs).
    /// - Throws: ``TestSupportError`` when no executable file is at that path.
    public static func path() throws -> String {
        let environment = ProcessInfo.processInfo.environment
        if let configured = environment[environmentVariable], !configured.isEmpty {
            return try requireExecutable(configured, fromEnvironment: true)
        }
        return try requireExecutable(installedPath, fromEnvironment: false)
    }

    /// Where `scripts/install-codex` installs the pinned binary in this checkout.
    static var installedPath: String {
        RepositoryRoot.url
            .appendingPathComponent(".tools/codex-\(pinnedVersion)/codex_cli_bin/bin/codex")
            .path
    }

    private static func requireExecutable(_ path: String, fromEnvironment: Bool) throws -> String {
        guard FileManager.default.isExecutableFile(atPath: path) else {
            throw TestSupportError.codexBinaryMissing(path: path, fromEnvironment: fromEnvironment)
        }
        return path
    }
}
